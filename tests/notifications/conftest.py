"""Notification fixtures: a real SMTP server (aiosmtpd) on a free loopback port, started and
stopped by the tests; a real SQLite database built by the migrations; the real app (create_app)
with its sender running on short timings; a logged-in console client."""

from __future__ import annotations

import asyncio
import email
import email.policy
import os
import re
import time
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from email.message import EmailMessage
from typing import Callable, List, Optional

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient
from aiosmtpd.controller import Controller
from local_ports import free_port

from bot.app import create_app
from bot.app_state import DATABASE
from bot.migrations import migrate
from bot.notifications.sender import SENDER, NotificationSender
from bot.staff.accounts import create_account
from clinic.database import Database
from clinic.profile import load_profile
from clinic.settings import SECRET_NAMES, NotifySettings, Settings, load_settings, location_key
from tests.staff.conftest import quick_password_hashing  # noqa: F401  (autouse: cheap log-ins here too)

PASSWORD = "correct horse battery staple"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
BASE_URL = "https://console.nortex.example.com"
FRONT_DESK = "frontdesk@nortex.example.com"
LOCATION_DESK = "first-location@nortex.example.com"
SENDER_ADDRESS = "assistant@nortex.example.com"


def first_location() -> str:
    return load_profile().booking_locations[0]


def other_location() -> str:
    return load_profile().booking_locations[1]


# --- the SMTP server ------------------------------------------------------------------


@dataclass
class Received:
    mail_from: str
    rcpt_tos: List[str]
    raw: bytes
    message: EmailMessage
    login: Optional[str] = None


@dataclass
class Mailbox:
    """aiosmtpd handler: keeps every accepted message; can refuse recipients with a reply."""

    received: List[Received] = field(default_factory=list)
    rcpt_reply: Optional[str] = None  # e.g. "550 5.1.1 no such mailbox"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.rcpt_reply:
            return self.rcpt_reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        raw = envelope.original_content or envelope.content
        message = email.message_from_bytes(raw, policy=email.policy.default)
        login = (
            session.auth_data.login.decode() if getattr(session.auth_data, "login", None) else None
        )
        self.received.append(
            Received(envelope.mail_from, list(envelope.rcpt_tos), raw, message, login)
        )
        return "250 Message accepted for delivery"


class SmtpServer:
    """aiosmtpd's threaded Controller on 127.0.0.1:port; start() and stop() as often as needed."""

    def __init__(self, port: int, mailbox: Mailbox, **smtp_options) -> None:
        self.port, self.mailbox, self.smtp_options = port, mailbox, smtp_options
        self.controller: Optional[Controller] = None

    def start(self) -> None:
        self.controller = Controller(
            self.mailbox, hostname="127.0.0.1", port=self.port, **self.smtp_options
        )
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


@pytest.fixture
def mailbox() -> Mailbox:
    return Mailbox()


@pytest.fixture
def smtp(mailbox):
    """Not started: each test starts it when the scenario wants a server up."""
    server = SmtpServer(free_port(), mailbox)
    yield server
    server.stop()


async def eventually(
    condition: Callable[[], bool], timeout: float = 15.0, what: str = "condition"
) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.05)


# --- settings, database, app ----------------------------------------------------------


def notify_settings(port: int, **changes) -> NotifySettings:
    values = dict(
        smtp_host="127.0.0.1",
        smtp_port=port,
        smtp_starttls=False,
        smtp_from=SENDER_ADDRESS,
        notify_to=(FRONT_DESK,),
        notify_to_by_location={location_key(first_location()): (LOCATION_DESK,)},
        public_base_url=BASE_URL,
    )
    values.update(changes)
    return NotifySettings(**values)


@pytest.fixture
def clean_env(monkeypatch):
    """Settings read the environment first: tests use only what they set."""
    for name in list(os.environ):
        if name.startswith(("SMTP_", "NOTIFY_")) or name in (
            "PUBLIC_BASE_URL",
            "RASA_URL",
            "ACTION_SERVER_URL",
            "BOT_URL",
            "DATABASE_URL",
            "VAR_DIR",
        ):
            monkeypatch.delenv(name, raising=False)
    for name in SECRET_NAMES.values():
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def base_settings(tmp_path, clean_env) -> Settings:
    var_dir = tmp_path / "var"
    var_dir.mkdir()
    settings = replace(
        load_settings(),
        var_dir=var_dir,
        host="127.0.0.1",
        database_url=f"sqlite:///{var_dir / 'clinic.db'}",
    )
    migrate(settings.database_url)
    return settings


@pytest.fixture
def settings(base_settings, smtp) -> Settings:
    """Email to the test SMTP server, immediate mode."""
    return replace(base_settings, notify=notify_settings(smtp.port))


@pytest.fixture
def database(base_settings):
    db = Database(base_settings.database_url)
    yield db
    db.close()


FAST = dict(poll_s=0.05, backoff_base_s=0.2, backoff_cap_s=0.5, timeout_s=5.0)


def app_for(settings: Settings) -> web.Application:
    """The real app; its sender (when email is on) with short poll and backoff times."""
    app = create_app(settings)
    if SENDER in app:
        app[SENDER] = NotificationSender(lambda: app[DATABASE], settings, app.router, **FAST)
    return app


# --- the console ----------------------------------------------------------------------


async def log_in(client: TestClient, database_url: str, username: str, role: str) -> None:
    db = Database(database_url)
    try:
        create_account(db.engine, username, PASSWORD, role, datetime.now(timezone.utc))
    finally:
        db.close()
    page = await (await client.get("/staff/login")).text()
    token = CSRF.search(page).group(1)
    response = await client.post(
        "/staff/login",
        data={"csrf_token": token, "username": username, "password": PASSWORD, "next": ""},
        allow_redirects=False,
    )
    assert response.status == 303, await response.text()


async def csrf_token(client: TestClient, path: str) -> str:
    return CSRF.search(await (await client.get(path)).text()).group(1)
