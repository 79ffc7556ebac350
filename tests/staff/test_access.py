"""Access to the staff console: log-in, cookies, CSRF, slow-down, rate limit, idle log-off, audit."""

from __future__ import annotations

import re

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from argon2 import Type
from sqlalchemy import select
from yarl import URL

from bot.staff.accounts import (
    ADDRESS_FAILURE_LIMIT,
    FREE_FAILURES,
    SLOWDOWN_FIRST,
    AccountError,
    create_account,
)
from bot.staff.login_views import FAILED
from bot.staff.sessions import IDLE_TIMEOUT_S
from bot.storage.staff_tables import staff_audit, staff_users
from tests.staff.conftest import CSRF, PASSWORD, PRODUCTION_HASHER, console_app_for

pytestmark = pytest.mark.usefixtures("accounts")


def audit_rows(database):
    with database.engine.connect() as conn:
        return [
            dict(r._mapping) for r in conn.execute(select(staff_audit).order_by(staff_audit.c.id))
        ]


def console_get_paths(console_app):
    """Every GET page of the console, with sample values in its URL parameters."""
    for resource in console_app.router.resources():
        info = resource.get_info()
        path = info.get("path") or info.get("formatter")
        methods = {route.method for route in resource}
        if (
            "GET" in methods
            and path.startswith("/staff/")
            and resource.name not in {"staff_login", "staff_css"}
        ):
            yield re.sub(r"\{[^}]+\}", "sample-1", path)


async def test_every_page_redirects_to_login_without_a_session(console_app, new_browser):
    browser = await new_browser()
    paths = list(console_get_paths(console_app))
    assert "/staff/audit" in paths and "/staff/" in paths
    for path in paths:
        response = await browser.get(path)
        assert response.status == 303, path
        assert response.headers["Location"].startswith("/staff/login"), path
        assert "Patient" not in await response.text()


async def test_log_in_then_see_a_page_and_return_to_the_page_asked_for(new_browser):
    browser = await new_browser()
    first = await browser.get("/staff/audit?actor=bob")
    location = URL(first.headers["Location"])
    assert location.path == "/staff/login" and location.query["next"] == "/staff/audit?actor=bob"
    response = await browser.log_in("alice", next_path="/staff/audit?actor=bob")
    assert response.status == 303
    assert response.headers["Location"] == "/staff/audit?actor=bob"
    page = await browser.get("/staff/audit")
    assert page.status == 200
    assert "Audit log" in await page.text()
    assert "alice (admin)" in await page.text()


async def test_next_never_leads_off_the_console(new_browser):
    browser = await new_browser()
    response = await browser.log_in("alice", next_path="https://evil.example/phish")
    assert response.headers["Location"] == "/staff/requests"
    other = await new_browser()
    response = await other.log_in("alice", next_path="/staff//evil.example")
    assert response.headers["Location"] == "/staff/requests"


async def test_session_cookie_is_httponly_samesite_strict_and_scoped(new_browser):
    browser = await new_browser()
    response = await browser.log_in("alice")
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("staff_session=")
    assert "HttpOnly" in cookie
    assert "SameSite=Strict" in cookie
    assert "Path=/staff" in cookie
    assert "Secure" not in cookie  # plain HTTP here; see the TLS test below
    assert "alice" not in cookie and "uid" not in cookie  # encrypted


async def test_session_cookie_is_secure_behind_tls(console_behind_tls):
    client = console_behind_tls
    page = await client.get("/staff/login")
    assert "Secure" in page.headers["Set-Cookie"]
    # The test client keeps Secure cookies away from plain HTTP: send it by hand, as the proxy would.
    cookie = page.cookies["staff_session"].value
    token = CSRF.search(await page.text()).group(1)
    response = await client.post(
        "/staff/login",
        data={"csrf_token": token, "username": "alice", "password": PASSWORD},
        headers={"Cookie": f"staff_session={cookie}"},
        allow_redirects=False,
    )
    assert response.status == 303
    set_cookie = response.headers["Set-Cookie"]
    assert "Secure" in set_cookie and "HttpOnly" in set_cookie and "SameSite=Strict" in set_cookie


async def test_session_cookie_is_secure_when_the_proxy_says_https(new_browser):
    browser = await new_browser()
    page = await browser.client.get("/staff/login", headers={"X-Forwarded-Proto": "https"})
    assert "Secure" in page.headers["Set-Cookie"]


@pytest.fixture
async def console_behind_tls(database, clock):
    """The console behind a TLS-terminating proxy the app trusts (request.secure is True)."""

    @web.middleware
    async def tls_proxy(request, handler):
        return await handler(request.clone(scheme="https"))

    app = console_app_for(database, clock, middlewares=[tls_proxy])
    client = TestClient(TestServer(app, host="127.0.0.1"))
    await client.start_server()
    yield client
    await client.close()


async def test_post_without_or_with_a_wrong_csrf_token_is_rejected(new_browser):
    browser = await new_browser()
    await browser.token()  # has a session with a token, but does not send it
    form = {"username": "alice", "password": PASSWORD}
    missing = await browser.client.post("/staff/login", data=form, allow_redirects=False)
    assert missing.status == 403
    wrong = await browser.client.post(
        "/staff/login", data={**form, "csrf_token": "x" * 43}, allow_redirects=False
    )
    assert wrong.status == 403

    await browser.log_in("alice")
    # Logged in, a forged log-out (no token) does nothing.
    forged = await browser.client.post("/staff/logout", data={}, allow_redirects=False)
    assert forged.status == 403
    assert (await browser.get("/staff/audit")).status == 200
    # Another browser's token is not this session's token.
    other = await new_browser()
    foreign = await other.token()
    stolen = await browser.client.post(
        "/staff/logout", data={"csrf_token": foreign}, allow_redirects=False
    )
    assert stolen.status == 403


async def test_log_in_gets_a_fresh_csrf_token(new_browser):
    browser = await new_browser()
    before = await browser.token()
    await browser.log_in("alice")
    after = await browser.token("/staff/audit")
    assert before != after


def page_without_values(html: str) -> str:
    return re.sub(r'value="[^"]*"', "", html)  # the typed name and the CSRF token differ


async def test_wrong_passwords_slow_down_that_address_for_that_account_only(
    new_browser, clock, database
):
    attacker = await new_browser()
    for _ in range(FREE_FAILURES):
        response = await attacker.log_in("alice", "wrong password!", address="203.0.113.9")
        assert response.status == 401
    # The attacker's address must now wait, even with the right password ...
    assert (await attacker.log_in("alice", address="203.0.113.9")).status == 401
    # ... but alice, at her own desk, is not locked out by them (was: locked for everyone).
    alice = await new_browser()
    assert (await alice.log_in("alice", address="198.51.100.20")).status == 303
    # Nor is another account from the attacker's address.
    assert (await attacker.log_in("bob", address="203.0.113.9")).status == 303

    clock.advance(SLOWDOWN_FIRST.total_seconds() + 1)
    again = await new_browser()
    assert (await again.log_in("alice", address="203.0.113.9")).status == 303
    with database.engine.connect() as conn:
        row = conn.execute(select(staff_users).where(staff_users.c.username == "alice")).one()
    assert row.locked_until is None


async def test_the_wait_doubles_with_each_further_failure(new_browser, clock):
    browser = await new_browser()
    for _ in range(FREE_FAILURES):
        await browser.log_in("alice", "wrong password!")
    clock.advance(SLOWDOWN_FIRST.total_seconds() + 1)
    await browser.log_in("alice", "wrong password!")  # the 6th: now twice as long
    clock.advance(SLOWDOWN_FIRST.total_seconds() + 1)
    assert (await browser.log_in("alice")).status == 401
    clock.advance(SLOWDOWN_FIRST.total_seconds())
    assert (await browser.log_in("alice")).status == 303


async def test_a_success_resets_the_failure_count(new_browser):
    browser = await new_browser()
    for _ in range(FREE_FAILURES - 1):
        await browser.log_in("alice", password="wrong password!")
    assert (await browser.log_in("alice")).status == 303
    other = await new_browser()
    for _ in range(FREE_FAILURES - 1):
        await other.log_in("alice", password="wrong password!")
    assert (await other.log_in("alice")).status == 303


async def test_every_refusal_gets_the_same_answer(new_browser, clock, database):
    from bot.staff.accounts import set_disabled

    create_account(database.engine, "carol", PASSWORD, "staff", clock.utc())
    set_disabled(database.engine, "carol", True)
    answers = []
    browser = await new_browser()
    answers.append(await browser.log_in("mallory", "whatever password"))  # no such account
    answers.append(await browser.log_in("alice", "whatever password"))  # wrong password
    answers.append(await browser.log_in("carol"))  # disabled, right password
    for _ in range(FREE_FAILURES):
        await browser.log_in("bob", "whatever password", address="192.0.2.1")
    answers.append(await browser.log_in("bob", address="192.0.2.1"))  # slowed down
    texts = {page_without_values(await a.text()) for a in answers}
    assert {a.status for a in answers} == {401}
    assert len(texts) == 1 and FAILED in texts.pop()
    assert all("Retry-After" not in a.headers for a in answers)
    actions = [r["action"] for r in audit_rows(database)]
    assert {"login_failed", "login_disabled", "login_slowed"} <= set(actions)


async def test_one_address_guessing_many_usernames_is_rate_limited(new_browser, clock, database):
    browser = await new_browser()
    for n in range(ADDRESS_FAILURE_LIMIT):
        response = await browser.log_in(f"guess{n}", password="whatever password")
        assert response.status == 401
    response = await browser.log_in("alice")  # the right password, but from the same address
    assert response.status == 401
    assert page_without_values(await response.text()).count(FAILED) == 1
    assert audit_rows(database)[-1]["action"] == "login_rate_limited"
    # Another address is not affected.
    assert (await (await new_browser()).log_in("alice", address="198.51.100.7")).status == 303
    clock.advance(15 * 60 + 1)
    assert (await browser.log_in("alice")).status == 303


async def test_idle_log_off_after_15_minutes(new_browser, clock):
    browser = await new_browser()
    await browser.log_in("alice")
    clock.advance(IDLE_TIMEOUT_S - 60)
    assert (await browser.get("/staff/audit")).status == 200  # activity renews the session
    clock.advance(IDLE_TIMEOUT_S - 60)
    assert (await browser.get("/staff/audit")).status == 200
    clock.advance(IDLE_TIMEOUT_S + 1)
    response = await browser.get("/staff/audit")
    assert response.status == 303
    assert "reason=idle" in response.headers["Location"]
    login = await browser.client.get(response.headers["Location"])
    assert "15 minutes without activity" in await login.text()
    # The session is gone, not just refused once.
    clock.advance(-IDLE_TIMEOUT_S)
    assert (await browser.get("/staff/audit")).status == 303


async def test_log_out_voids_the_cookie_even_if_copied(new_browser):
    browser = await new_browser()
    await browser.log_in("alice")
    copied = {c.key: c.value for c in browser.client.session.cookie_jar}
    response = await browser.post("/staff/logout", {}, token_from="/staff/audit")
    assert response.status == 303
    assert (await browser.get("/staff/audit")).status == 303
    thief = await new_browser()
    thief.client.session.cookie_jar.update_cookies(copied)
    response = await thief.get("/staff/audit")
    assert response.status == 303


async def test_a_tampered_cookie_is_no_session(new_browser):
    browser = await new_browser()
    await browser.log_in("alice")
    value = next(c.value for c in browser.client.session.cookie_jar if c.key == "staff_session")
    forged = value[:-4] + ("AAAA" if not value.endswith("AAAA") else "BBBB")
    other = await new_browser()
    other.client.session.cookie_jar.update_cookies({"staff_session": forged})
    assert (await other.get("/staff/audit")).status == 303


async def test_audit_records_logins_failures_and_logouts_with_who_when_where(
    new_browser, database, clock
):
    browser = await new_browser()
    await browser.log_in("alice", password="wrong password!")
    clock.advance(5)
    await browser.log_in("alice")
    await browser.post("/staff/logout", {}, token_from="/staff/audit")
    rows = [(r["actor"], r["action"], r["ip"]) for r in audit_rows(database)]
    assert rows == [
        ("alice", "login_failed", "127.0.0.1"),
        ("alice", "login", "127.0.0.1"),
        ("alice", "logout", "127.0.0.1"),
    ]
    times = [r["at"] for r in audit_rows(database)]
    assert times[1] > times[0]


async def test_only_admins_see_the_audit_log(new_browser):
    admin, staff = await new_browser(), await new_browser()
    await admin.log_in("alice")
    await staff.log_in("bob")
    await staff.log_in("bob", password="wrong for the log")
    page = await admin.get("/staff/audit")
    text = await page.text()
    assert page.status == 200
    assert "failed log-in" in text and "bob" in text
    assert (await staff.get("/staff/audit")).status == 403


async def test_pages_are_not_cached_and_have_a_csp(new_browser):
    browser = await new_browser()
    await browser.log_in("alice")
    page = await browser.get("/staff/audit")
    assert page.headers["Cache-Control"] == "no-store"
    assert "script-src 'self'" in page.headers["Content-Security-Policy"]
    login = await browser.get("/staff/login")
    assert login.headers["Cache-Control"] == "no-store"


def test_passwords_are_stored_as_argon2id_hashes(database, clock):
    create_account(database.engine, "carol", PASSWORD, "staff", clock.utc())
    with database.engine.connect() as conn:
        stored = conn.execute(
            select(staff_users.c.password_hash).where(staff_users.c.username == "carol")
        ).scalar_one()
    assert stored.startswith("$argon2id$")
    assert PASSWORD not in stored


def test_production_hashing_is_argon2id_with_owasp_parameters():
    # OWASP Password Storage Cheat Sheet: argon2id, 19 MiB, 2 iterations, parallelism 1.
    assert PRODUCTION_HASHER.type is Type.ID
    assert PRODUCTION_HASHER.memory_cost == 19 * 1024
    assert PRODUCTION_HASHER.time_cost == 2 and PRODUCTION_HASHER.parallelism == 1


def test_account_rules(database, clock):
    with pytest.raises(AccountError, match="already exists"):
        create_account(database.engine, "Alice", PASSWORD, "staff", clock.utc())
    with pytest.raises(AccountError, match="role"):
        create_account(database.engine, "dave", PASSWORD, "root", clock.utc())
    with pytest.raises(ValueError, match="at least 12"):
        create_account(database.engine, "dave", "short", "staff", clock.utc())
