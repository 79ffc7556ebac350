"""The web app against the real Rasa server and action server (the `live_stack` fixture)."""

from __future__ import annotations

import re

import aiohttp
import pytest
from sqlalchemy import inspect, select

from bot.storage.tables import appointment_requests
from clinic.database import create_db_engine
from clinic.profile import load_profile
from clinic.reference_codes import new_reference
from clinic.settings import load_secrets

pytestmark = pytest.mark.stack

BUTTON_PAYLOAD = re.compile(r"^/[a-z_]+$")


def cookie_session() -> aiohttp.ClientSession:
    # unsafe=True: keep cookies set by an IP-address host (127.0.0.1).
    return aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))


async def test_healthz_ok_with_the_real_stack(live_stack):
    async with (
        aiohttp.ClientSession() as http,
        http.get(f"{live_stack.bot_url}/healthz") as response,
    ):
        assert response.status == 200
        assert await response.json() == {
            "status": "ok",
            "rasa": "ok",
            "actions": "ok",
            "database": "ok",
        }


async def test_chat_round_trip_and_history_through_rasa(live_stack):
    async with cookie_session() as http:
        async with http.post(f"{live_stack.bot_url}/api/chat", json={"message": "hi"}) as response:
            assert response.status == 200
            replies = (await response.json())["messages"]
        assert replies and all(m["text"] for m in replies)
        assert any(
            load_profile().name in m["text"] for m in replies
        )  # slots filled from clinic.yml

        buttons = [b for m in replies for b in m["buttons"] if BUTTON_PAYLOAD.match(b["payload"])]
        assert buttons, "the greeting offers intent buttons"
        async with http.post(
            f"{live_stack.bot_url}/api/chat", json={"message": buttons[0]["payload"]}
        ) as response:
            assert response.status == 200
            assert (await response.json())["messages"]

        async with http.get(f"{live_stack.bot_url}/api/chat/history") as response:
            assert response.status == 200
            history = (await response.json())["messages"]
    visitor = [m["text"] for m in history if m["sender"] == "visitor"]
    assert visitor == ["hi", buttons[0]["title"]]
    bot_texts = [m["text"] for m in history if m["sender"] == "bot"]
    assert bot_texts[: len(replies)] == [m["text"] for m in replies]


async def test_a_response_button_sends_its_choice_and_rasa_logs_no_error(live_stack):
    async def say(http, text: str) -> list:
        async with http.post(f"{live_stack.bot_url}/api/chat", json={"message": text}) as response:
            assert response.status == 200
            return (await response.json())["messages"]

    async with cookie_session() as http:
        await say(http, "I'd like to book a consultation")
        replies = await say(http, "Jordan Rivera")  # the phone question, with its Skip button
        skip = next(b for m in replies for b in m["buttons"] if b["title"].startswith("Skip"))
        assert skip["payload"] == '/inform{"booking_choice": "skip"}'
        after = await say(http, skip["payload"])
    assert any("email" in m["text"] for m in after)  # the phone number was skipped
    # Rasa fills {...} in responses with slots: a button's JSON there used to log an ERROR.
    assert "interpolator" not in live_stack.services["rasa"].log_path.read_text()


async def test_appointment_request_is_stored_next_to_rasas_events(live_stack):
    token = load_secrets(live_stack.var_dir)["appointments_token"]
    body = {
        "kind": "callback",
        "reference": new_reference(),
        "conversation_id": "live-stack-test",
        "full_name": "Live Test",
        "phone": "+12145550143",
        "contact_consent": True,
    }
    headers = {"Authorization": f"Bearer {token}", "Idempotency-Key": "live-stack-test:callback:1"}
    async with aiohttp.ClientSession() as http:
        for expected in (201, 200):
            async with http.post(
                f"{live_stack.bot_url}/api/appointments", json=body, headers=headers
            ) as r:
                assert r.status == expected
                assert (await r.json())["reference"] == body["reference"]

    engine = create_db_engine(live_stack.database_url)
    try:
        # The reference column is plain; the rest is encrypted under the stack's own data key.
        with engine.connect() as conn:
            references = conn.execute(select(appointment_requests.c.reference)).scalars().all()
        assert references.count(body["reference"]) == 1
        assert "events" in inspect(engine).get_table_names()  # Rasa's tracker store, same database
    finally:
        engine.dispose()


async def test_healthz_names_the_stopped_action_server(live_stack):
    live_stack.stop("actions")
    try:
        async with (
            aiohttp.ClientSession() as http,
            http.get(f"{live_stack.bot_url}/healthz") as response,
        ):
            assert response.status == 503
            body = await response.json()
        assert body["down"] == ["actions"]
    finally:
        live_stack.start("actions")
        live_stack.wait_ready(["actions"], report=lambda line: None)
