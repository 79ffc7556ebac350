"""GET /healthz, the demo page, the widget script, /api/clinic and error shapes."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from bot.api.clinic import public_facts
from bot.app import create_app
from bot.pages import CLINIC_FACTS_SLOT
from clinic.profile import load_profile

ALL_OK = {"status": "ok", "rasa": "ok", "actions": "ok", "database": "ok"}


async def test_healthz_ok_when_every_part_answers(client):
    response = await client.get("/healthz")
    assert response.status == 200
    assert await response.json() == ALL_OK


async def test_healthz_names_rasa_when_it_is_down(client, rasa):
    await rasa.server.close()
    response = await client.get("/healthz")
    assert response.status == 503
    body = await response.json()
    assert (body["rasa"], body["actions"], body["database"]) == ("down", "ok", "ok")
    assert body["down"] == ["rasa"]


async def test_healthz_names_the_action_server_when_it_is_down(client, action_server):
    await action_server.close()
    response = await client.get("/healthz")
    assert response.status == 503
    body = await response.json()
    assert body["down"] == ["actions"]
    assert body["rasa"] == "ok"


async def test_healthz_names_the_database_when_it_cannot_be_opened(settings, make_client):
    # A directory where the database file should be: SQLite cannot open it.
    broken = replace(settings, database_url=f"sqlite:///{settings.var_dir}")
    client = await make_client(create_app(broken))
    response = await client.get("/healthz")
    assert response.status == 503
    body = await response.json()
    assert body["down"] == ["database"]
    assert body["database"] == "down"


async def test_demo_page_renders_the_clinic_with_a_strict_csp(client):
    response = await client.get("/")
    assert response.status == 200
    html = await response.text()
    assert load_profile().name in html
    assert "/widget.js" in html
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp


async def test_widget_script_and_static_files_are_served(client):
    widget = await client.get("/widget.js")
    assert widget.status == 200
    assert "javascript" in widget.headers["Content-Type"]
    static = await client.get("/static/widget.js")
    assert static.status == 200
    # /widget.js is the file with the clinic's public facts written in (crisis lines included).
    raw = (await static.read()).decode()
    assert CLINIC_FACTS_SLOT in raw
    assert await widget.text() == raw.replace(CLINIC_FACTS_SLOT, json.dumps(public_facts()))
    assert json.dumps(load_profile().crisis.lifeline) in await widget.text()
    assert (await client.get("/static/../settings.py")).status in (403, 404)


async def test_clinic_facts_come_from_the_profile(client):
    response = await client.get("/api/clinic")
    assert response.status == 200
    body = await response.json()
    profile = load_profile()
    assert (body["name"], body["phone"], body["hours"]) == (
        profile.name,
        profile.phone,
        profile.hours,
    )
    assert body["crisis"]["lifeline"] == profile.crisis.lifeline
    assert body["crisis"]["emergency"] == profile.crisis.emergency
    assert response.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize(
    "method, path, status",
    [
        ("GET", "/api/nothing-here", 404),
        ("GET", "/api/appointments", 405),
        ("PUT", "/api/chat", 405),
    ],
)
async def test_api_errors_are_json(client, method, path, status):
    response = await client.request(method, path)
    assert response.status == status
    assert response.content_type == "application/json"
    assert (await response.json())["error"]


async def test_unknown_page_is_a_plain_404(client):
    response = await client.get("/no-such-page")
    assert response.status == 404
    assert "Traceback" not in await response.text()
