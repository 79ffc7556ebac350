"""Staff console fixtures: a real SQLite database built by the real migrations, the console
mounted in an aiohttp app, a controllable clock and a logged-in client factory."""

from __future__ import annotations

import re
from datetime import datetime, timezone
from typing import Optional

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from argon2 import PasswordHasher

from bot.app_state import DATABASE, SECRETS
from bot.client_address import TRUSTED_PROXIES
from bot.migrations import migrate
from bot.staff import passwords
from bot.staff.accounts import create_account
from bot.staff.console import setup_staff
from bot.storage.appointments import store_request
from clinic.settings import parse_networks
from tests.staff.rasa_events import Script, save, tracker_store

PASSWORD = "correct horse battery staple"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
START = datetime(2026, 11, 2, 15, 0, tzinfo=timezone.utc).timestamp()


class Clock:
    def __init__(self, now: float = START) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds

    def utc(self) -> datetime:
        return datetime.fromtimestamp(self.now, timezone.utc)


PRODUCTION_HASHER = passwords._hasher


@pytest.fixture(autouse=True)
def quick_password_hashing(monkeypatch):
    """Same code, cheaper argon2id parameters: the suite logs in hundreds of times on 2 shared
    cores. test_access.py checks the production parameters separately."""
    monkeypatch.setattr(
        passwords, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    )
    passwords._decoy_hash.cache_clear()
    yield
    passwords._decoy_hash.cache_clear()


@pytest.fixture
def database_url(tmp_path) -> str:
    url = f"sqlite:///{tmp_path / 'clinic.db'}"
    migrate(url)
    return url


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def accounts(database, clock):
    """An admin and a front-desk account."""
    create_account(database.engine, "alice", PASSWORD, "admin", clock.utc())
    create_account(database.engine, "bob", PASSWORD, "staff", clock.utc())


class Browser:
    """One visitor of the console: its own cookie jar, helpers for forms with CSRF tokens."""

    def __init__(self, client: TestClient) -> None:
        self.client = client

    async def get(self, path: str, **kwargs):
        return await self.client.get(path, allow_redirects=False, **kwargs)

    async def token(self, path: str = "/staff/login") -> str:
        response = await self.client.get(path)
        match = CSRF.search(await response.text())
        assert match, f"no CSRF token on {path}"
        return match.group(1)

    async def post(self, path: str, data: dict, token_from: Optional[str] = None, headers=None):
        token = await self.token(token_from or path)
        return await self.client.post(
            path, data={"csrf_token": token, **data}, allow_redirects=False, headers=headers
        )

    async def log_in(
        self,
        username: str,
        password: str = PASSWORD,
        next_path: str = "",
        code: str = "",
        address: Optional[str] = None,
    ):
        """`address`: the client address a trusted proxy reports (X-Forwarded-For)."""
        return await self.post(
            "/staff/login",
            {"username": username, "password": password, "next": next_path, "code": code},
            headers={"X-Forwarded-For": address} if address else None,
        )


def console_app_for(database, clock, middlewares=()) -> web.Application:
    """The console mounted the way the app factory mounts it."""
    app = web.Application(middlewares=list(middlewares))
    app[SECRETS] = {"staff_session_key": "test-session-secret"}
    app[DATABASE] = database
    # The test client is a trusted proxy: tests pick each browser's address (log_in(address=)).
    app[TRUSTED_PROXIES] = parse_networks("TRUSTED_PROXIES", "127.0.0.1")
    setup_staff(app, clock)
    return app


@pytest.fixture
async def console_app(database, clock):
    return console_app_for(database, clock)


@pytest.fixture
async def new_browser(console_app):
    """Factory: a fresh browser (empty cookie jar) against one running server."""
    server = TestServer(console_app, host="127.0.0.1")
    clients = []

    async def make() -> Browser:
        client = TestClient(server)
        await client.start_server()
        clients.append(client)
        return Browser(client)

    yield make
    for client in clients:
        await client.close()


DAY = 86400


@pytest.fixture
async def conversations(database_url, database):
    """Five conversations in the last week and one older, written by Rasa's tracker store."""
    store = tracker_store(database_url)
    scripts = {
        "faq-old": Script(START - 20 * DAY)
        .session()
        .user("How long do benefits last?", "faq", retrieval="benefit_duration")
        .bot("utter_faq", "4-8 weeks.")
        .listen(),
        "faq-recent": Script(START - 3 * DAY)
        .session()
        .user("How quickly does it work?", "faq", 0.91, retrieval="relief_speed")
        .bot("utter_faq", "Within hours to days.", policy="RulePolicy")
        .listen()
        .user("thanks a lot", "thank", 0.97)
        .bot("utter_thank", "You're welcome.")
        .listen(),
        "crisis": Script(START - 2 * DAY)
        .session()
        .user("I don't want to live anymore", "crisis", 1.0)
        .bot("action_crisis_reply", "Call or text 988.")
        .slot("crisis_flag", True)
        .listen(),
        "fallback": Script(START - 1 * DAY)
        .session()
        .user("does it help my cat sleep", "nlu_fallback", 0.3)
        .bot("action_default_fallback", "Sorry, I didn't understand.")
        .listen(),
        "handoff": Script(START - 5 * DAY)
        .session()
        .slot("language", "es")  # issue 19: a Spanish conversation
        .user("I'd like a real person", "human_handoff", 0.88)
        .bot("utter_human_handoff", "You can call us.")
        .listen(),
        "booked": Script(START - 4 * DAY)
        .session()
        .user("/request_appointment", "request_appointment", 1.0)
        .bot("booking_form")
        .form("booking_form")
        .slot("requested_slot", "full_name")
        .bot("utter_ask_full_name", "What's your full name?")
        .listen()
        .user("Jane Doe", "inform", 0.8)
        .bot("booking_form")
        .slot("full_name", "Jane Doe")
        .form(None)
        .bot("action_submit_booking", "Your request was sent.")
        .listen(),
    }
    for sender_id, script in scripts.items():
        await save(store, sender_id, script.events)
    store_request(
        database.engine,
        {
            "kind": "booking",
            "reference": "NTX-BK001",
            "conversation_id": "booked",
            "full_name": "Jane Doe",
            "phone": "+12145550100",
            "email": None,
            "location": "Dallas",
            "contact_consent": True,
        },
        idempotency_key="k-booked",
    )
    return scripts


@pytest.fixture
async def alice(new_browser, accounts):
    browser = await new_browser()
    await browser.log_in("alice")
    return browser
