"""Shared fixtures: the real trained model, the real three-process stack, and test clients
for app instances built by a test."""

from __future__ import annotations

import asyncio
import os
from dataclasses import replace
from pathlib import Path
from typing import List

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from local_ports import free_port

from bot.launcher import DEFAULT_MODEL, Stack
from clinic.database import Database
from clinic.settings import load_settings

os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

RESULTS_DIR = Path(__file__).resolve().parent.parent / "var" / "test-results"


def require_model() -> Path:
    if not DEFAULT_MODEL.exists():
        pytest.fail(f"no trained model at {DEFAULT_MODEL}: run `make train` (make test does)")
    return DEFAULT_MODEL


@pytest.fixture(scope="session")
def results_dir() -> Path:
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    return RESULTS_DIR


@pytest.fixture(scope="session")
def nlu_parse():
    """Parse text with the trained model's NLU pipeline: Rasa's own parse result dict."""
    from rasa.core.agent import Agent

    agent = Agent.load(str(require_model()))
    loop = asyncio.new_event_loop()

    def parse(text: str) -> dict:
        return loop.run_until_complete(agent.parse_message(text))

    yield parse
    loop.close()


@pytest.fixture(scope="session")
def live_stack(tmp_path_factory):
    """Rasa, the action server and the web app, on free loopback ports with a fresh database."""
    var_dir = tmp_path_factory.mktemp("var")
    settings = replace(
        load_settings(),
        var_dir=var_dir,
        host="127.0.0.1",
        bot_port=free_port(),
        rasa_port=free_port(),
        actions_port=free_port(),
        database_url=f"sqlite:///{var_dir / 'clinic.db'}",
    )
    # Settings' derived URLs read these first; keep them consistent with the ports above.
    for name in ("RASA_URL", "ACTION_SERVER_URL", "BOT_URL"):
        os.environ.pop(name, None)
    stack = Stack(settings, require_model())
    try:
        stack.start_all(report=lambda line: None)
    except Exception:
        stack.stop_all()
        raise
    yield stack
    stack.stop_all()


@pytest.fixture
async def make_client():
    """Start a TestClient for an app built by the test (closed at teardown)."""
    clients: List[TestClient] = []

    async def start(app: web.Application, **kwargs) -> TestClient:
        client = TestClient(TestServer(app, host="127.0.0.1"), **kwargs)
        await client.start_server()
        clients.append(client)
        return client

    yield start
    for client in clients:
        await client.close()


@pytest.fixture
def database(database_url):
    """The app's database (migrated) at the `database_url` a test directory's conftest gives."""
    db = Database(database_url)
    yield db
    db.close()
