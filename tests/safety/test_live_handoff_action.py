"""Talk to a person while staff are on the live page (issue 20): the action asks the app,
says it is connecting and pauses the assistant; nobody available: said first, then
today's phone and call-back offer; the app away: today's behaviour."""

from __future__ import annotations

from typing import List

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer
from rasa_sdk.executor import CollectingDispatcher
from safety_fixtures import all_text, domain, isolated_outbox, make_tracker, profile  # noqa: F401

from actions.handoff import ActionHumanHandoff
from clinic.live_chat import NOBODY_AVAILABLE


class LiveApp:
    """The app's POST /api/live/requests, answering `status` and recording requests."""

    def __init__(self, status: str) -> None:
        self.status, self.requests = status, []

    async def handle(self, request: web.Request) -> web.Response:
        self.requests.append((request.headers.get("Authorization"), await request.json()))
        if self.status == "waiting":
            return web.json_response({"status": "waiting", "wait_s": 120})
        return web.json_response({"status": self.status})


@pytest.fixture
async def live_app(isolated_outbox, monkeypatch):  # noqa: F811
    servers: List[TestServer] = []

    async def start(status: str) -> LiveApp:
        app = LiveApp(status)
        web_app = web.Application()
        web_app.router.add_post("/api/live/requests", app.handle)
        server = TestServer(web_app, host="127.0.0.1")
        await server.start_server()
        servers.append(server)
        monkeypatch.setenv("BOT_URL", f"http://127.0.0.1:{server.port}")
        return app

    yield start
    for server in servers:
        await server.close()


async def run(domain, tracker):  # noqa: F811
    dispatcher = CollectingDispatcher()
    events = await ActionHumanHandoff().run(dispatcher, tracker, domain)
    return dispatcher.messages, events


async def test_someone_available_connects_and_pauses(live_app, domain):  # noqa: F811
    app = await live_app("waiting")
    messages, events = await run(domain, make_tracker("a human please", "human_handoff"))
    assert "connecting you with a member of our staff" in all_text(messages)
    assert "2 minutes" in all_text(messages)
    assert [e["event"] for e in events][-2:] == ["pause", "action"]
    ((authorization, body),) = app.requests
    assert authorization == "Bearer safety-test-token"
    assert body == {"conversation_id": "conv-safety-1", "callback_offered": True}


async def test_nobody_available_is_said_before_the_phone(live_app, domain, profile):  # noqa: F811
    await live_app("unavailable")
    messages, events = await run(domain, make_tracker("a human please", "human_handoff"))
    assert messages[0]["text"] == NOBODY_AVAILABLE
    assert messages[1]["response"] == "utter_human_handoff"
    assert "pause" not in [e["event"] for e in events]


async def test_the_app_away_gives_todays_answer(domain):  # noqa: F811
    messages, events = await run(domain, make_tracker("a human please", "human_handoff"))
    assert [m.get("response") for m in messages] == ["utter_human_handoff"]
    assert "pause" not in [e["event"] for e in events]
