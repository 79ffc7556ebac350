"""The real stack, end to end: odd input gets a polite answer, and a request confirmed
while the web app is down reaches it exactly once after it comes back (issue 2, 3)."""

from __future__ import annotations

import time
import uuid

import aiohttp
import pytest
from chat_visitor import REFERENCE, booking_answer, person
from sqlalchemy import create_engine, text

from clinic.profile import load_profile
from clinic.settings import load_secrets

pytestmark = pytest.mark.stack

ODD_INPUT = [
    "😔😔😔",
    "ケタミン療法は効果がありますか",
    "¿Tienen citas en español?",
    "<script>alert('x')</script><b>hello</b>",
    "why " * 499,  # just under the 2,000-character limit
]


@pytest.mark.parametrize("message", ODD_INPUT, ids=["emoji", "japanese", "spanish", "html", "long"])
async def test_odd_input_gets_a_polite_reply(live_stack, message):
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:
        async with http.post(
            f"{live_stack.bot_url}/api/chat", json={"message": message}
        ) as response:
            assert response.status == 200
            body = await response.json()
    texts = [m["text"] for m in body["messages"] if m.get("text")]
    assert texts, f"no reply to {message[:30]!r}"
    assert "<script>" not in " ".join(texts)


@pytest.mark.parametrize("message,status", [("", 400), ("   ", 400), ("x" * 10_000, 413)])
async def test_empty_and_huge_messages_get_a_clear_error(live_stack, message, status):
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:
        async with http.post(
            f"{live_stack.bot_url}/api/chat", json={"message": message}
        ) as response:
            assert response.status == status
            assert (await response.json())["error"]


async def rasa_turn(http, stack, sender: str, message: str) -> list:
    token = load_secrets(stack.var_dir)["rasa_token"]  # as the gateway sends it
    async with http.post(
        f"{stack.rasa_url}/webhooks/rest/webhook",
        json={"sender": sender, "message": message},
        headers={"Authorization": f"Bearer {token}"},
    ) as response:
        assert response.status == 200
        return await response.json()


async def test_request_confirmed_while_the_app_is_down_is_stored_once(live_stack):
    profile, who, sender = load_profile(), person(42), f"resilience-{uuid.uuid4().hex}"
    live_stack.stop("bot")
    try:
        async with aiohttp.ClientSession() as http:
            # The visitor talks to Rasa directly: the web app (and its gateway) is down.
            await rasa_turn(http, live_stack, sender, "hi")
            last = await rasa_turn(http, live_stack, sender, "/request_appointment")
            for _ in range(20):
                shown = " ".join(m.get("text", "") for m in last)
                if REFERENCE.search(shown):
                    break
                question = [m["text"] for m in last if m.get("text")][-1]
                buttons = [b for m in last for b in m.get("buttons", [])]
                last = await rasa_turn(
                    http,
                    live_stack,
                    sender,
                    booking_answer(question, buttons, profile, who),
                )
            reference = REFERENCE.search(shown).group(0)
            assert "saved" in shown and "don't need to send it again" in shown, shown
            assert "booked" not in shown.lower()
            # A second confirmation must not queue a second request.
            await rasa_turn(http, live_stack, sender, "yes, send it")
    finally:
        live_stack.start("bot")
        live_stack.wait_ready(["bot"], report=lambda line: None)

    engine = create_engine(live_stack.database_url)
    count_sql = text("SELECT count(*) FROM appointment_requests WHERE conversation_id = :c")
    try:
        deadline = time.monotonic() + 120  # the outbox retries with backoff
        while True:
            with engine.connect() as conn:
                stored = conn.execute(count_sql, {"c": sender}).scalar()
                references = (
                    conn.execute(
                        text(
                            "SELECT reference FROM appointment_requests WHERE conversation_id = :c"
                        ),
                        {"c": sender},
                    )
                    .scalars()
                    .all()
                )
            if stored or time.monotonic() > deadline:
                break
            time.sleep(1)
        assert stored == 1 and references == [reference]
        time.sleep(8)  # more retry rounds must not add a duplicate
        with engine.connect() as conn:
            assert conn.execute(count_sql, {"c": sender}).scalar() == 1
    finally:
        engine.dispose()
