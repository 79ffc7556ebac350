"""Transport headers of the real app (CSP, frame-ancestors, Referrer-Policy, HSTS over TLS), and logs
without PHI for the app's and the action server's request paths (the live-stack canary test checks
all three real processes end to end)."""

from __future__ import annotations

import logging
import re
from dataclasses import replace

import pytest
from aiohttp.test_utils import TestServer

from actions.submission import make_idempotency_key, submit_request
from bot.app import create_app
from bot.rate_limit import UNLIMITED, ChatRateLimits
from clinic.settings import load_secrets
from tests.app.conftest import RasaStandIn
from tests.privacy.conftest import (
    CANARY_EMAIL,
    CANARY_MEMBER_ID,
    CANARY_NAME,
    CANARY_PHONE,
    CANARY_WORDS,
)


@pytest.fixture
async def rasa(var_dir):
    stand_in = RasaStandIn(token=load_secrets(var_dir)["rasa_token"])
    stand_in.server = TestServer(stand_in.app(), host="127.0.0.1")
    await stand_in.server.start_server()
    yield stand_in
    await stand_in.server.close()


@pytest.fixture
async def client(settings, rasa, make_client):
    app = create_app(
        replace(settings, rasa_port=rasa.server.port), chat_limits=ChatRateLimits(UNLIMITED)
    )
    return await make_client(app)


async def test_pages_have_a_strict_csp_and_no_referrer(client):
    response = await client.get("/")
    html = await response.text()
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "style-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'self'" in csp
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert not re.search(r"<script(?![^>]*\bsrc=)", html) and not re.search(
        r"\son[a-z]+=", html
    )  # nothing inline
    assert "Strict-Transport-Security" not in response.headers  # plain HTTP: HSTS would be ignored


async def test_the_console_is_never_framed(client):
    response = await client.get("/staff/login")
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["Referrer-Policy"] == "no-referrer"


async def test_hsts_behind_a_tls_proxy(client):
    for path in ("/", "/staff/login", "/api/clinic", "/widget.js"):
        response = await client.get(path, headers={"X-Forwarded-Proto": "https"})
        assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000"), path
    api = await client.get("/api/clinic")
    assert api.headers["Cache-Control"] == "no-store"


def canaries():
    return (
        CANARY_NAME,
        CANARY_PHONE,
        CANARY_EMAIL,
        CANARY_MEMBER_ID,
        CANARY_WORDS,
        "zarthwick",
        "Quillon",
    )


def assert_logs_clean(caplog):
    lines = [caplog.handler.format(r) for r in caplog.records]
    assert lines, "nothing was logged: the test would prove nothing"
    for text in canaries():
        assert not [line for line in lines if text.lower() in line.lower()], text


async def test_app_and_action_server_paths_log_no_phi(
    client, rasa, settings, database, caplog, monkeypatch
):
    caplog.set_level(logging.INFO)
    response = await client.post(
        "/api/chat", json={"message": f"I'm {CANARY_NAME}, {CANARY_WORDS}"}
    )
    assert (
        response.status == 200
        and rasa.received[-1]["message"] == f"I'm {CANARY_NAME}, {CANARY_WORDS}"
    )
    assert (await client.post("/api/chat", json={"message": "x" * 3000})).status == 413

    # The action server's submission, delivered to this app.
    monkeypatch.setenv("BOT_URL", f"http://127.0.0.1:{client.port}")
    fields = {
        "full_name": CANARY_NAME,
        "phone": CANARY_PHONE,
        "email": CANARY_EMAIL,
        "location": "Frisco",
        "insurance_member_id": CANARY_MEMBER_ID,
        "notes": CANARY_WORDS,
        "contact_consent": True,
    }
    result = await submit_request(
        fields,
        kind="booking",
        conversation_id="conv-logs",
        idempotency_key=make_idempotency_key("booking", "conv-logs", "1"),
    )
    assert result.delivered
    refused = await submit_request(
        {**fields, "phone": "+1 not a phone " + CANARY_PHONE},
        kind="booking",
        conversation_id="conv-logs",
        idempotency_key="booking-other",
    )
    assert refused.rejected  # a 422 names the field, never its value
    headers = {"Authorization": f"Bearer {load_secrets(settings.var_dir)['appointments_token']}"}
    assert (await client.delete("/api/conversations/conv-logs", headers=headers)).status == 200
    assert_logs_clean(caplog)
