"""The REST channel the gateway talks to (components/rest_channel.py), on a real Sanic server.

A stand-in for Rasa's message handler records how many turns run at once: a burst of
visitors is answered in full, never more than TURNS_AT_ONCE turns at a time, and a turn
that fails is answered 503 (the gateway's "assistant unavailable"), not an empty 200.
"""

from __future__ import annotations

import asyncio

import aiohttp
import pytest
from local_ports import free_port
from sanic import Sanic

from components import rest_channel
from components.rest_channel import TURNS_AT_ONCE, GatewayRestInput


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
    app.blueprint(GatewayRestInput().blueprint(rasa.on_new_message), url_prefix="/webhooks/rest")
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

        async def send(n: int):
            async with http.post(
                url, json={"sender": f"visitor-{n}", "message": f"hello {n}"}
            ) as response:
                return response.status, await response.json()

        answers = await asyncio.gather(*(send(n) for n in range(4 * TURNS_AT_ONCE)))
        assert answers == [
            (200, [{"recipient_id": f"visitor-{n}", "text": f"re: hello {n}"}])
            for n in range(4 * TURNS_AT_ONCE)
        ]
        assert rasa.most_at_once == TURNS_AT_ONCE

        async with http.post(url, json={"sender": "visitor-1", "message": "fail"}) as response:
            assert response.status == 503
            assert await response.json() == {"error": rest_channel.TURN_FAILED}
