"""Helpers for the safety tests: the test sets, the domain as Rasa sends it to actions,
trackers, what the visitor would see of an action's messages, and a recording stand-in
for the app's POST /api/appointments. Fixtures are registered in conftest.py."""

from __future__ import annotations

import re
import socket
from pathlib import Path
from typing import Any, Dict, List, Optional

import pytest
import yaml
from aiohttp import web
from aiohttp.test_utils import TestServer
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.session import clinic_fact_slots
from clinic.profile import load_profile

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent


def load_phrases() -> List[Dict[str, Any]]:
    return yaml.safe_load((HERE / "crisis_phrases.yml").read_text(encoding="utf-8"))["phrases"]


def load_decoys() -> List[str]:
    return yaml.safe_load((HERE / "decoys.yml").read_text(encoding="utf-8"))["decoys"]


@pytest.fixture(scope="session")
def domain() -> Dict[str, Any]:
    return yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))


def clinic_slots() -> Dict[str, Any]:
    return {event["name"]: event["value"] for event in clinic_fact_slots()}


def make_tracker(
    text: str = "",
    intent: str = "crisis",
    *,
    slots: Optional[Dict[str, Any]] = None,
    active_loop: Optional[str] = None,
    parse_extra: Optional[Dict[str, Any]] = None,
    events: Optional[List[Dict[str, Any]]] = None,
    sender_id: str = "conv-safety-1",
) -> Tracker:
    latest = {
        "text": text,
        "intent": {"name": intent, "confidence": 1.0},
        "entities": [],
        **(parse_extra or {}),
    }
    return Tracker.from_dict(
        {
            "sender_id": sender_id,
            "slots": {**clinic_slots(), **(slots or {})},
            "latest_message": latest,
            "events": events or [],
            "active_loop": {"name": active_loop} if active_loop else {},
            "latest_action_name": "action_listen",
        }
    )


def shown(
    dispatcher: CollectingDispatcher, domain: Dict[str, Any], tracker: Tracker
) -> List[Dict[str, Any]]:
    """The bot messages as the visitor sees them: responses rendered with slots and kwargs."""
    messages = []
    for message in dispatcher.messages:
        text, buttons = message.get("text"), list(message.get("buttons") or [])
        name = message.get("response")
        if name:
            variant = domain["responses"][name][0]
            values = {**tracker.slots, **{k: v for k, v in message.items() if isinstance(v, str)}}
            text = re.sub(r"\{(\w+)\}", lambda m: str(values.get(m.group(1))), variant["text"])
            buttons = list(variant.get("buttons") or []) + buttons
        messages.append({"text": text, "buttons": buttons})
    return messages


def all_text(messages: List[Dict[str, Any]]) -> str:
    return "\n".join(m["text"] or "" for m in messages)


@pytest.fixture
def profile():
    return load_profile()


class RecordingAppointmentsApi:
    """A real HTTP server playing the app's POST /api/appointments; records the bodies."""

    def __init__(self) -> None:
        self.bodies: List[dict] = []
        self.server: Optional[TestServer] = None

    async def handle(self, request: web.Request) -> web.Response:
        body = await request.json()
        self.bodies.append(
            {"body": body, "idempotency_key": request.headers.get("Idempotency-Key")}
        )
        return web.json_response({"reference": body["reference"], "created": True}, status=201)

    async def start(self) -> str:
        app = web.Application()
        app.router.add_post("/api/appointments", self.handle)
        self.server = TestServer(app, host="127.0.0.1")
        await self.server.start_server()
        return f"http://127.0.0.1:{self.server.port}"

    async def stop(self) -> None:
        if self.server is not None:
            await self.server.close()


@pytest.fixture
def isolated_outbox(tmp_path, monkeypatch):
    """Own var dir and outbox; the app is unreachable unless a test starts the recorder."""
    monkeypatch.setenv("VAR_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("OUTBOX_PATH", str(tmp_path / "var" / "outbox.sqlite"))
    monkeypatch.setenv("APPOINTMENTS_API_TOKEN", "safety-test-token")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed_port = sock.getsockname()[1]
    monkeypatch.setenv("BOT_URL", f"http://127.0.0.1:{closed_port}")
    return tmp_path


@pytest.fixture
async def appointments_api(isolated_outbox, monkeypatch):
    api = RecordingAppointmentsApi()
    monkeypatch.setenv("BOT_URL", await api.start())
    yield api
    await api.stop()
