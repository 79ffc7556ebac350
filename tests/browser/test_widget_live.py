"""The demo page and widget in Chromium against the real stack: app, Rasa and action server.

A visitor's journeys end to end: FAQ, quick replies, a whole booking request (checked in
the database), history after a reload and in a new tab, a crisis message, keyboard-only
use, and the app going down and coming back. Screenshots of each step are saved under
var/test-results/screenshots/ (live-*.png).
"""

from __future__ import annotations

import re
import time
from urllib.parse import urlsplit

import pytest
from chat_visitor import REFERENCE, Person, booking_answer
from playwright.sync_api import expect
from widget_page import Widget

from clinic.profile import load_profile

pytestmark = [pytest.mark.browser, pytest.mark.stack]

VISITOR = Person(
    name="Jordan Testvisitor",
    phone="214 555 0100",
    phone_e164="+12145550100",
    email="jordan.test@example.com",
    time="weekday mornings",
)


@pytest.fixture
def visitor(browser, live_stack):
    """A new visitor: fresh browser context on the demo page, recording every request."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    requests, csp_errors = [], []
    context.on("request", lambda r: requests.append(r.url))
    page = context.new_page()
    page.on(
        "console",
        lambda m: csp_errors.append(m.text) if "Content Security Policy" in m.text else None,
    )
    yield page, requests, Widget(page)
    context.close()
    app = urlsplit(live_stack.bot_url).netloc
    foreign = [
        u for u in requests if urlsplit(u).scheme not in ("data",) and urlsplit(u).netloc != app
    ]
    assert foreign == [], "the page contacted another host"
    assert csp_errors == [], "the widget broke the app's Content-Security-Policy"


def open_demo(page, widget, live_stack):
    page.goto(live_stack.bot_url + "/")
    widget.exchange(widget.open)  # first open: the assistant greets a new visitor
    return widget


def shot(page, screenshots, name: str) -> None:
    page.screenshot(path=str(screenshots / f"live-{name}.png"))


def test_demo_page_greets_with_ai_disclosure_and_stays_on_the_app_host(
    visitor, live_stack, screenshots
):
    page, requests, widget = visitor
    open_demo(page, widget, live_stack)
    profile = load_profile()
    expect(page.locator(".site-name")).to_have_text(profile.name)
    expect(widget.panel).to_contain_text("automated assistant (AI), not a person")
    greeting = widget.bot_bubbles.first
    expect(greeting).to_contain_text(profile.name)
    expect(greeting).to_contain_text("automated assistant")
    assert "Request an appointment" in widget.active_titles()
    assert any(u.endswith("/api/clinic") for u in requests)
    shot(page, screenshots, "01-greeting")


def test_faq_by_quick_reply_and_by_typing(visitor, live_stack, screenshots):
    page, _, widget = visitor
    open_demo(page, widget, live_stack)
    widget.exchange(widget.reply_button("Questions about ketamine therapy").click)
    expect(widget.visitor_bubbles.last).to_have_text("Questions about ketamine therapy")
    expect(page.locator(".ntx-reply:disabled")).not_to_have_count(0)
    shot(page, screenshots, "02-faq-menu")

    answer = " ".join(widget.exchange(widget.reply_button("How long do the benefits last?").click))
    expect(widget.visitor_bubbles.last).to_have_text("How long do the benefits last?")
    assert "week" in answer.lower()  # the article: 4-8 weeks, boosters every 4-12
    shot(page, screenshots, "03-faq-quick-reply-answer")

    answer = " ".join(widget.exchange(lambda: widget.say("Where are your offices?")))
    for town in load_profile().locations:
        assert town in answer
    shot(page, screenshots, "04-faq-typed-answer")


def answer_booking_question(widget, profile) -> str:
    """Answer the bot's latest booking question as a visitor would; returns what was done.

    The answer is chosen by the shared scripted visitor (tests/chat_visitor.py); here a
    button is clicked when the answer is one of the offered titles, else it is typed.
    """
    titles = widget.active_titles()
    reply = booking_answer(
        widget.last_bot_text(), [{"title": t, "payload": t} for t in titles], profile, VISITOR
    )
    if reply in titles:
        widget.exchange(widget.reply_button(reply).click)
        return f"clicked {reply!r}"
    widget.exchange(lambda: widget.say(reply))
    return f"typed {reply!r}"


def stored_request(live_stack, reference: str, wait_s: float = 20.0):
    """The stored request with this reference, read (and decrypted) by the app's storage code."""
    from bot.storage.appointments import list_requests
    from clinic.database import create_db_engine

    engine = create_db_engine(live_stack.database_url)
    try:
        deadline = time.monotonic() + wait_s
        while True:
            rows = [r for r in list_requests(engine) if r["reference"] == reference]
            if rows or time.monotonic() > deadline:
                return rows[0] if rows else None
            time.sleep(0.5)
    finally:
        engine.dispose()


def test_booking_request_then_history_after_reload_and_in_a_new_tab(
    visitor, live_stack, screenshots, monkeypatch
):
    page, _, widget = visitor
    profile = load_profile()
    open_demo(page, widget, live_stack)
    widget.exchange(widget.reply_button("Request an appointment").click)
    steps = []
    for step in range(1, 25):
        final = REFERENCE.search(" ".join(widget.bot_bubbles.all_inner_texts()[-3:]))
        if final:
            break
        steps.append(answer_booking_question(widget, profile))
        shot(page, screenshots, f"05-booking-step-{step:02d}")
    else:
        pytest.fail(f"no reference code after {len(steps)} answers: {steps}")
    reference = final.group(0)
    confirmation = " ".join(widget.bot_bubbles.all_inner_texts()[-3:]).lower()
    assert "request" in confirmation and "booked" not in confirmation
    shot(page, screenshots, "06-booking-submitted")

    # PHI columns are encrypted at rest with the stack's key (clinic/field_crypto.py).
    monkeypatch.setenv("DATA_KEY_FILE", str(live_stack.var_dir / "keys" / "data.key"))
    row = stored_request(live_stack, reference)
    assert row is not None, f"{reference} is not in the database"
    assert row["kind"] == "booking"
    assert row["full_name"] == VISITOR.name
    assert row["phone"] == VISITOR.phone_e164
    assert row["email"] == VISITOR.email
    assert row["location"] == profile.booking_locations[1]
    assert bool(row["contact_consent"]) is True
    assert row["patient_status"] == "new"
    assert row["coverage_type"] == "self_pay"
    assert row["preferred_time_text"] == VISITOR.time
    assert row["visit_reason"] == profile.visit_reasons[0]

    page.reload()
    expect(widget.panel).to_be_visible()  # it was open: still open after the reload
    expect(widget.bot_bubbles.filter(has_text=reference)).to_have_count(1)
    expect(widget.visitor_bubbles.filter(has_text=VISITOR.name)).to_have_count(1)
    expect(widget.visitor_bubbles.first).to_have_text(
        "Request an appointment"
    )  # title, not payload
    assert page.locator(".ntx-msg time").count() == page.locator(".ntx-msg").count()
    shot(page, screenshots, "07-history-after-reload")

    tab = page.context.new_page()
    other = type(widget)(tab)
    tab.goto(live_stack.bot_url + "/")
    other.open()
    expect(other.bot_bubbles.filter(has_text=reference)).to_have_count(1)
    shot(tab, screenshots, "08-history-new-tab")


def test_crisis_message_gets_the_resources(visitor, live_stack, screenshots):
    page, _, widget = visitor
    open_demo(page, widget, live_stack)
    reply = " ".join(widget.exchange(lambda: widget.say("I can't go on, I want to end my life")))
    for must in ("988", "911", "741741", "988lifeline.org", "not monitored"):
        assert must in reply, f"{must!r} missing from the crisis reply"
    expect(widget.bot_bubbles.locator("a[href='https://988lifeline.org/']")).not_to_have_count(0)
    shot(page, screenshots, "09-crisis-reply")

    widget.panel.get_by_role("button", name="Get help now").click()
    expect(widget.help_panel).to_be_visible()
    expect(widget.help_panel).to_contain_text(load_profile().crisis.lifeline)
    shot(page, screenshots, "10-get-help-now")


def test_keyboard_only_visitor(visitor, live_stack, screenshots):
    page, _, widget = visitor
    page.goto(live_stack.bot_url + "/")
    for _ in range(30):
        page.keyboard.press("Tab")
        active = widget.shadow_active()
        if active and "ntx-launcher" in active["cls"]:
            break
    else:
        pytest.fail("the chat launcher is not reachable with Tab")
    widget.exchange(lambda: page.keyboard.press("Enter"))
    assert widget.shadow_active()["tag"] == "textarea"

    def type_question():
        page.keyboard.type("How quickly does ketamine therapy work?")
        page.keyboard.press("Enter")

    answer = " ".join(widget.exchange(type_question))
    assert re.search(r"hour|day", answer, re.IGNORECASE)
    shot(page, screenshots, "11-keyboard")
    page.keyboard.press("Escape")
    expect(widget.panel).to_be_hidden()
    assert "ntx-launcher" in widget.shadow_active()["cls"]


def test_app_down_shows_retry_keeps_help_and_recovers(visitor, live_stack, screenshots):
    page, _, widget = visitor
    open_demo(page, widget, live_stack)
    live_stack.stop("bot")
    try:
        widget.say("How often are booster sessions needed?")
        unsent = page.locator(".ntx-msg--unsent")
        expect(unsent).to_contain_text("Not sent — Retry")
        widget.panel.get_by_role("button", name="Get help now").click()
        expect(widget.help_panel).to_contain_text(load_profile().crisis.lifeline)
        shot(page, screenshots, "12-app-down")
        page.get_by_role("button", name="Back to the chat").click()
    finally:
        live_stack.start("bot")
        live_stack.wait_ready(["bot"], report=lambda line: None)
    before = widget.bot_bubbles.count()
    unsent.get_by_role("button", name="Retry").click()
    expect(unsent).to_have_count(0)
    expect(widget.bot_bubbles).not_to_have_count(before)
    expect(widget.visitor_bubbles.last).to_have_text("How often are booster sessions needed?")
    shot(page, screenshots, "13-app-back")


def test_end_chat_leaves_nothing_for_the_next_person(visitor, live_stack, screenshots):
    """A shared computer: after "End chat" the next person finds no history, no draft, no
    unsent message and no session cookie; the assistant greets them as a new visitor."""
    page, _, widget = visitor
    open_demo(page, widget, live_stack)
    widget.exchange(lambda: widget.say("How long do the benefits last?"))
    widget.input.fill("a draft about my medication")
    assert any("chat_session" in c["name"] for c in page.context.cookies())

    page.get_by_role("button", name="End chat").click()
    expect(widget.panel).to_be_hidden()
    page.wait_for_function(
        "() => !document.cookie.includes('chat_session')"  # HttpOnly: checked below too
    )
    assert not any("chat_session" in c["name"] for c in page.context.cookies())
    kept = page.evaluate(
        "() => Object.keys(localStorage).concat(Object.keys(sessionStorage))"
        ".filter(k => k.startsWith('ntx-chat:'))"
    )
    assert kept in ([], ["ntx-chat:clinic"])  # only the clinic's public facts stay

    page.reload()
    widget.exchange(widget.open)  # greeted as a new visitor
    expect(widget.visitor_bubbles).to_have_count(0)
    expect(widget.panel).not_to_contain_text("How long do the benefits last?")
    assert widget.input.input_value() == ""
    shot(page, screenshots, "end-chat")
