"""The gateway's Rasa client with several Rasa servers: spread, sticky, fails over when one is gone.

Stand-in Rasa servers on loopback (each answers which server it is), a port nobody
listens on (refused), and a server that drops the connection (reset).
"""

from __future__ import annotations

import asyncio
from typing import List

import aiohttp
import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer
from local_servers import free_port

from bot.rasa_client import RasaClient, RasaUnavailable, preferred_order


class StandInRasa:
    def __init__(self, name: str, status: int = 200) -> None:
        self.name, self.status, self.senders = name, status, []
        app = web.Application()
        app.router.add_post("/webhooks/rest/webhook", self.webhook)
        self.server = TestServer(app, host="127.0.0.1")

    async def webhook(self, request: web.Request) -> web.Response:
        self.senders.append((await request.json())["sender"])
        if self.status != 200:
            return web.json_response({"error": "turn failed"}, status=self.status)
        return web.json_response([{"recipient_id": "x", "text": f"from {self.name}"}])

    @property
    def url(self) -> str:
        return str(self.server.make_url("")).rstrip("/")


@pytest.fixture
async def servers():
    started: List[StandInRasa] = []

    async def start(name: str, status: int = 200) -> StandInRasa:
        server = StandInRasa(name, status)
        await server.server.start_server()
        started.append(server)
        return server

    yield start
    for server in started:
        await server.server.close()


@pytest.fixture
async def http():
    async with aiohttp.ClientSession() as session:
        yield session


@pytest.fixture
async def dropping_server():
    """Accepts a connection, then closes it without an answer (a worker dying mid-request)."""

    async def drop(reader, writer):
        await reader.read(1)
        writer.transport.abort()

    server = await asyncio.start_server(drop, "127.0.0.1", 0)
    yield f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}"
    server.close()
    await server.wait_closed()


async def test_conversations_spread_over_the_servers_and_stay_on_theirs(servers, http):
    a, b = await servers("a"), await servers("b")
    client = RasaClient(http, [a.url, b.url], "token")
    senders = [f"conversation-{n}" for n in range(40)]
    for sender in senders * 2:
        await client.send(sender, "hi")
    assert 10 <= len(a.senders) <= 70 and len(a.senders) + len(b.senders) == 80
    for sender in senders:  # each conversation went to one server both times: its preferred one
        first = a if preferred_order(sender, [a.url, b.url])[0] == a.url else b
        assert first.senders.count(sender) == 2


async def test_a_refused_server_hands_its_conversations_to_the_other(servers, http):
    alive = await servers("alive")
    gone = f"http://127.0.0.1:{free_port()}"
    client = RasaClient(http, [gone, alive.url], "token")
    senders = [
        s for s in (f"c{n}" for n in range(50)) if preferred_order(s, [gone, alive.url])[0] == gone
    ][:5]
    assert senders
    for sender in senders:
        assert await client.send(sender, "hi") == [{"text": "from alive", "buttons": []}]
    assert alive.senders == senders


async def test_a_dropped_connection_fails_over(servers, http, dropping_server):
    alive = await servers("alive")
    client = RasaClient(http, [dropping_server, alive.url], "token")
    sender = next(
        s
        for s in (f"d{n}" for n in range(50))
        if preferred_order(s, [dropping_server, alive.url])[0] == dropping_server
    )
    assert await client.send(sender, "hi") == [{"text": "from alive", "buttons": []}]


async def test_a_failed_turn_is_not_sent_again_to_the_other_server(servers, http):
    # A 503 means Rasa received the message: sending it again elsewhere could run it twice.
    failing, other = await servers("failing", status=503), await servers("other")
    client = RasaClient(http, [failing.url, other.url], "token")
    sender = next(
        s
        for s in (f"e{n}" for n in range(50))
        if preferred_order(s, [failing.url, other.url])[0] == failing.url
    )
    with pytest.raises(RasaUnavailable):
        await client.send(sender, "hi")
    assert other.senders == []


async def test_all_servers_gone_is_unavailable(http):
    client = RasaClient(
        http, [f"http://127.0.0.1:{free_port()}", f"http://127.0.0.1:{free_port()}"], "token"
    )
    with pytest.raises(RasaUnavailable):
        await client.send("conversation", "hi")
