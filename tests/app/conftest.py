"""Fixtures for the web app's tests: a real SQLite file (migrated for real), the real app on a
real port, and small stand-in HTTP servers playing Rasa's REST/tracker API and the action
server's /health (the live-stack tests exercise the real ones)."""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from typing import Dict, List, Optional

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from bot.app import create_app
from bot.migrations import migrate
from clinic.settings import SECRET_NAMES, Settings, load_secrets, load_settings


@dataclass
class RasaStandIn:
    """Rasa's REST channel and tracker endpoint, recording what the gateway sends."""

    token: str
    # Offered with every reply: a bare intent and one with entities (as the booking form does).
    buttons: List[dict] = field(
        default_factory=lambda: [
            {"title": "Request an appointment", "payload": "/request_appointment"},
            {"title": "New patient", "payload": '/inform{"booking_choice": "new"}'},
        ]
    )
    received: List[dict] = field(default_factory=list)
    tracker_requests: List[dict] = field(default_factory=list)
    events: Dict[str, List[dict]] = field(default_factory=dict)
    server: Optional[TestServer] = None

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_get("/", self.root)
        app.router.add_post("/webhooks/rest/webhook", self.webhook)
        app.router.add_get("/conversations/{sender}/tracker", self.tracker)
        return app

    async def root(self, request: web.Request) -> web.Response:
        return web.Response(text="Hello from Rasa: 3.6.21")

    def authorized(self, request: web.Request) -> bool:
        return request.headers.get("Authorization") == f"Bearer {self.token}"

    async def webhook(self, request: web.Request) -> web.Response:
        if not self.authorized(request):
            return web.json_response({"error": "unauthorized"}, status=401)
        body = await request.json()
        self.received.append(body)
        sender, text = body["sender"], body["message"]
        buttons = self.buttons
        reply = f"You said: {text}"
        log = self.events.setdefault(sender, [{"event": "action", "name": "action_session_start"}])
        log.append({"event": "user", "text": text, "timestamp": time.time()})
        log.append(
            {"event": "bot", "text": reply, "data": {"buttons": buttons}, "timestamp": time.time()}
        )
        log.append(
            {
                "event": "bot",
                "text": "First part.\n\nSecond part.",
                "data": {},
                "timestamp": time.time(),
            }
        )
        return web.json_response(
            [
                {"recipient_id": sender, "text": reply, "buttons": buttons},
                {"recipient_id": sender, "text": "First part."},
                {"recipient_id": sender, "text": "Second part."},
                {"recipient_id": sender, "image": "https://example.org/not-rendered.png"},
            ]
        )

    async def tracker(self, request: web.Request) -> web.Response:
        sender = request.match_info["sender"]
        self.tracker_requests.append(
            {"sender": sender, "authorized": self.authorized(request), "query": dict(request.query)}
        )
        if not self.authorized(request):
            return web.json_response(
                {"status": "failure", "reason": "NotAuthenticated"}, status=401
            )
        return web.json_response({"sender_id": sender, "events": self.events.get(sender, [])})


async def start_server(app: web.Application) -> TestServer:
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    return server


@pytest.fixture
def var_dir(tmp_path, monkeypatch):
    # Derived URLs and secrets read the environment first; tests use their own.
    for name in (
        "RASA_URL",
        "ACTION_SERVER_URL",
        "BOT_URL",
        "DATABASE_URL",
        "VAR_DIR",
        *SECRET_NAMES.values(),
    ):
        monkeypatch.delenv(name, raising=False)
    path = tmp_path / "var"
    path.mkdir()
    return path


@pytest.fixture
async def rasa(var_dir):
    stand_in = RasaStandIn(token=load_secrets(var_dir)["rasa_token"])
    stand_in.server = await start_server(stand_in.app())
    yield stand_in
    await stand_in.server.close()


@pytest.fixture
async def action_server():
    app = web.Application()

    async def health(request: web.Request) -> web.Response:
        return web.json_response({"status": "ok"})

    app.router.add_get("/health", health)
    server = await start_server(app)
    yield server
    await server.close()


@pytest.fixture
def settings(var_dir, rasa, action_server) -> Settings:
    return replace(
        load_settings(),
        var_dir=var_dir,
        host="127.0.0.1",
        rasa_port=rasa.server.port,
        actions_port=action_server.port,
        database_url=f"sqlite:///{var_dir / 'clinic.db'}",
        cors_origins=("https://partner.example.org",),
    )


@pytest.fixture
def app_secrets(settings) -> dict:
    return load_secrets(settings.var_dir)


@pytest.fixture
async def client(settings, make_client):
    migrate(settings.database_url)
    return await make_client(create_app(settings))
