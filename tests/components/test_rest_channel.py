"""The REST channel the gateway talks to (components/rest_channel.py), on a real Sanic server.

A stand-in for Rasa's message handler records how many turns run at once: a burst of
visitors is answered in full, never more than TURNS_AT_ONCE turns at a time, and a turn
that fails is answered 503 (the gateway's "assistant unavailable"), not an empty 200.
A caller without the gateway's token (Authorization: Bearer) is refused before any turn.
"""

from __future__ import annotations

import asyncio

import aiohttp
import pytest
from local_ports import free_port
from sanic import Sanic

from components import rest_channel
from components.rest_channel import TURNS_AT_ONCE, GatewayRestInput

TOKEN = "test-rasa-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


class StandInRasa:
    def __init__(self) -> None:
        self.running = self.most_at_once = 0

    async def on_new_message(self, message) -> None:
        if message.text == "fail":
            raise RuntimeError("lock store down")
        self.running += 1
        self.most_at_once = max(self.most_at_once, self.running)
        await asyncio.sleep(0.02)  # a turn waiting on the action server
        await message.output_channel.send_text_message(message.sender_id, f"re: {message.text}")
        self.running -= 1


@pytest.fixture
async def channel_url():
    rasa = StandInRasa()
    app = Sanic(f"rest_channel_test_{free_port()}")
    app.blueprint(
        GatewayRestInput(token=TOKEN).blueprint(rasa.on_new_message), url_prefix="/webhooks/rest"
    )
    port = free_port()
    server = await app.create_server(host="127.0.0.1", port=port, return_asyncio_server=True)
    await server.startup()
    yield f"http://127.0.0.1:{port}/webhooks/rest/webhook", rasa
    await server.close()


async def test_bursts_are_answered_in_full_a_few_turns_at_a_time_and_failures_as_errors(
    channel_url,
):
    # One server for both checks: Sanic 21 cannot start a second app in the same process.
    url, rasa = channel_url
    async with aiohttp.ClientSession() as http:
        # Without the token, or with another one, nobody posts into a conversation.
        for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": TOKEN}):
            async with http.post(
                url, json={"sender": "visitor-1", "message": "hi"}, headers=headers
            ) as response:
                assert response.status == 401
        async with http.post(
            url + f"?token={TOKEN}", json={"sender": "visitor-1", "message": "hi"}
        ) as response:
            assert response.status == 401  # never from a query string
        assert rasa.most_at_once == 0

        async def send(n: int):
            async with http.post(
                url, json={"sender": f"visitor-{n}", "message": f"hello {n}"}, headers=AUTH
            ) as response:
                return response.status, await response.json()

        answers = await asyncio.gather(*(send(n) for n in range(4 * TURNS_AT_ONCE)))
        assert answers == [
            (200, [{"recipient_id": f"visitor-{n}", "text": f"re: hello {n}"}])
            for n in range(4 * TURNS_AT_ONCE)
        ]
        assert rasa.most_at_once == TURNS_AT_ONCE

        async with http.post(
            url, json={"sender": "visitor-1", "message": "fail"}, headers=AUTH
        ) as response:
            assert response.status == 503
            assert await response.json() == {"error": rest_channel.TURN_FAILED}
