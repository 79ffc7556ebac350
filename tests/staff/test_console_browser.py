"""The staff console in Chromium against a real `python -m bot serve` with a seeded database:
log in, filter, open a transcript, change a request's status, see the charts."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from local_ports import free_port
from playwright.sync_api import expect, sync_playwright

from bot.migrations import migrate
from bot.staff.login_views import FAILED
from bot.storage.appointments import store_request
from clinic.database import create_db_engine
from clinic.settings import PROJECT_DIR
from tests.accessibility import add_axe, axe_violations
from tests.staff.rasa_events import Script, save, tracker_store

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
# The same flags as tests/browser/conftest.py: no network chatter, no sandbox in containers.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
PASSWORD = "front desk passphrase"
HOUR = 3600
expect.set_options(timeout=20_000)


def seed(database_url: str) -> None:
    now = time.time()

    async def write():
        store = tracker_store(database_url)
        await save(
            store,
            "visitor-crisis",
            Script(now - 5 * HOUR)
            .session()
            .user("I can't go on like this", "crisis", 1.0)
            .bot("action_crisis_reply", "Call or text 988.")
            .slot("crisis_flag", True)
            .listen()
            .events,
        )
        await save(
            store,
            "visitor-faq",
            Script(now - 3 * HOUR)
            .session()
            .user("How long do the benefits last?", "faq", 0.93, retrieval="benefit_duration")
            .bot("utter_faq", "Often 4-8 weeks after a series.")
            .listen()
            .events,
        )
        await save(
            store,
            "visitor-booking",
            Script(now - 2 * HOUR)
            .session()
            .user("/request_appointment", "request_appointment", 1.0)
            .bot("booking_form")
            .form("booking_form")
            .bot("utter_ask_full_name", "What's your full name?")
            .listen()
            .user("Maria Lopez", "inform", 0.9)
            .bot("booking_form")
            .slot("full_name", "Maria Lopez")
            .form(None)
            .bot("action_submit_booking", "Your request was sent.")
            .listen()
            .events,
        )

    asyncio.run(write())
    engine = create_db_engine(database_url)
    store_request(
        engine,
        {
            "kind": "booking",
            "reference": "NTX-BRW01",
            "conversation_id": "visitor-booking",
            "full_name": "Maria Lopez",
            "phone": "+19725550123",
            "email": None,
            "location": "McKinney",
            "contact_consent": True,
        },
        idempotency_key="browser-1",
    )
    engine.dispose()


@pytest.fixture(scope="module")
def console_url(tmp_path_factory):
    var_dir = tmp_path_factory.mktemp("staff-var")
    port = free_port()
    env = {
        **os.environ,
        "VAR_DIR": str(var_dir),
        "DATABASE_URL": f"sqlite:///{var_dir / 'clinic.db'}",
        "HOST": "127.0.0.1",
        "BOT_PORT": str(port),
        "PYTHONPATH": str(PROJECT_DIR),
    }
    for name in ("RASA_URL", "BOT_URL", "ACTION_SERVER_URL"):
        env.pop(name, None)
    # The seeding (this process) and the server must encrypt with the same data key.
    env["DATA_ENCRYPTION_KEYS"] = Fernet.generate_key().decode()
    keys = pytest.MonkeyPatch()
    keys.setenv("DATA_ENCRYPTION_KEYS", env["DATA_ENCRYPTION_KEYS"])
    migrate(env["DATABASE_URL"])
    added = subprocess.run(
        [
            sys.executable,
            "-m",
            "bot",
            "staff",
            "add",
            "frontdesk",
            "--role",
            "admin",
            "--password-stdin",
        ],
        input=PASSWORD + "\n",
        text=True,
        capture_output=True,
        cwd=PROJECT_DIR,
        env=env,
        timeout=120,
    )
    assert added.returncode == 0, added.stderr
    seed(env["DATABASE_URL"])
    log = open(var_dir / "serve.log", "wb")
    server = subprocess.Popen(
        [sys.executable, "-m", "bot", "serve"],
        cwd=PROJECT_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(url + "/staff/login", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(
                    "bot serve did not start:\n" + Path(var_dir / "serve.log").read_text()[-3000:]
                )
            time.sleep(0.3)
        yield url
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()
        keys.undo()


@pytest.fixture(scope="module")
def page(console_url, results_dir):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} not found: install Debian's chromium package (.ci/run does)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        context = browser.new_context(viewport={"width": 1366, "height": 900}, base_url=console_url)
        page = context.new_page()
        add_axe(page)
        page.browser_of_test = browser  # for a second, logged-out page
        page.console_errors = []
        # Script and CSP errors; not "Failed to load resource" (the 401 of a wrong password, favicon).
        page.on(
            "console",
            lambda m: (
                m.type == "error"
                and not m.text.startswith("Failed to load resource")
                and page.console_errors.append(m.text)
            ),
        )
        yield page
        context.close()
        browser.close()


@pytest.fixture(scope="module")
def shots(results_dir) -> Path:
    path = results_dir / "screenshots"
    path.mkdir(parents=True, exist_ok=True)
    return path


def test_log_in(page, shots):
    page.goto("/staff/requests")
    expect(page).to_have_url(re.compile(r"/staff/login\?next=/staff/requests$"))
    expect(page.get_by_role("heading", name="Staff log-in")).to_be_visible()
    page.get_by_label("Username").fill("frontdesk")
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("alert")).to_have_text(FAILED)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Booking and callback requests")).to_be_visible()
    assert page.url.endswith("/staff/requests")
    page.screenshot(path=str(shots / "staff-requests.png"), full_page=True)


def test_change_a_requests_status(page, shots):
    page.goto("/staff/requests")
    page.get_by_label("Status").select_option("new")
    page.get_by_role("button", name="Filter").click()
    row = page.locator('tr[data-reference="NTX-BRW01"]')
    expect(row).to_contain_text("Maria Lopez")
    expect(row.locator(".badge")).to_have_text("new")
    row.get_by_role("link", name="NTX-BRW01").click()
    page.get_by_label("Move from new to").select_option("contacted")
    page.get_by_role("button", name="Change status").click()
    expect(page.get_by_role("status").filter(has_text="Status changed.")).to_have_text(
        "Status changed."
    )
    expect(page.locator("#status")).to_have_text("contacted")
    expect(page.locator("ol.history")).to_contain_text("frontdesk")
    page.get_by_label("Note").fill("Called, left a voicemail.")
    page.get_by_role("button", name="Add note").click()
    expect(page.locator("ol.history")).to_contain_text("note: Called, left a voicemail.")
    page.screenshot(path=str(shots / "staff-request.png"), full_page=True)
    page.goto("/staff/requests?status=contacted")
    expect(page.locator('tr[data-reference="NTX-BRW01"]')).to_contain_text("frontdesk")


def test_filter_conversations_and_open_a_transcript(page, shots):
    page.goto("/staff/conversations")
    rows = page.locator("tr[data-conversation]")
    expect(rows).to_have_count(3)
    expect(rows.first).to_have_attribute("data-conversation", "visitor-crisis")  # crisis first
    page.get_by_label("Flag").select_option("booked")
    page.get_by_role("button", name="Filter").click()
    expect(rows).to_have_count(1)
    expect(rows.first).to_have_attribute("data-conversation", "visitor-booking")
    page.get_by_label("Flag").select_option("")
    page.get_by_label("Visitor wrote").fill("benefits last")
    page.get_by_role("button", name="Filter").click()
    expect(rows).to_have_count(1)
    assert "benefits" not in page.url  # search words never travel in the URL
    page.screenshot(path=str(shots / "staff-conversations.png"), full_page=True)
    rows.first.get_by_role("link").click()
    user_line = page.locator('.event[data-kind="user"]').first
    expect(user_line).to_contain_text("How long do the benefits last?")
    expect(user_line.locator(".intent")).to_have_text("faq/benefit_duration")
    expect(user_line.locator(".confidence")).to_have_text("0.93")
    expect(page.locator('.event[data-kind="action"]').first).to_contain_text("utter_faq")
    page.get_by_role("button", name="Mark as reviewed").click()
    expect(page.get_by_role("status").filter(has_text="Marked as reviewed.")).to_have_text(
        "Marked as reviewed."
    )
    user_line = page.locator('.event[data-kind="user"]').first
    user_line.locator("summary").click()
    user_line.get_by_label("Right intent").fill("faq/maintenance_therapy")
    user_line.get_by_role("button", name="Save").click()
    expect(page.locator(".correction")).to_contain_text("corrected to faq/maintenance_therapy")
    page.screenshot(path=str(shots / "staff-transcript.png"), full_page=True)


def test_see_the_charts(page, shots):
    page.goto("/staff/analytics")
    for chart_id in (
        "chart-conversations",
        "chart-funnel",
        "chart-topics",
        "chart-fallback",
        "chart-unanswered",
    ):
        expect(page.locator(f"#{chart_id} svg")).to_be_visible()
    expect(page.locator("#chart-conversations .stat")).to_have_text("3")
    expect(page.locator("#chart-funnel rect.bar title").nth(1)).to_have_text("Request submitted: 1")
    expect(page.locator("#chart-topics rect.bar title").first).to_have_text("benefit duration: 1")
    page.screenshot(path=str(shots / "staff-analytics.png"), full_page=True)
    assert page.console_errors == []  # e.g. nothing blocked by the Content-Security-Policy


CONSOLE_PAGES = [
    "/staff/requests",
    "/staff/conversations",
    "/staff/conversations/visitor-faq",
    "/staff/analytics",
    "/staff/live",
    "/staff/audit",
    "/staff/notifications",
]


def test_every_console_page_passes_axe(page, console_url):
    for path in CONSOLE_PAGES:
        page.goto(path)
        assert axe_violations(page) == [], path
    page.goto("/staff/requests")
    page.locator('tr[data-reference="NTX-BRW01"]').get_by_role("link", name="NTX-BRW01").click()
    expect(page).to_have_url(re.compile(r"/staff/requests/\d+$"))  # axe on the new page only
    assert axe_violations(page) == [], "a request"
    logged_out = page.browser_of_test.new_page(base_url=console_url)
    add_axe(logged_out)
    logged_out.goto("/staff/login")
    assert axe_violations(logged_out) == [], "the log-in page"
    logged_out.close()


def test_a_request_shows_the_phone_for_people(page):
    page.goto("/staff/requests")
    row = page.locator('tr[data-reference="NTX-BRW01"]')
    expect(row).to_contain_text("(972) 555-0123")
    row.get_by_role("link", name="NTX-BRW01").click()
    expect(page.locator("dl")).to_contain_text("(972) 555-0123")
    expect(page.locator("body")).not_to_contain_text("+19725550123")
