"""Live chat across two app processes of the production profile (PostgreSQL, Redis).

The visitor's widget talks to one app process, the staff member's console to another:
everything one process publishes reaches the other's open streams through Redis pub/sub,
and the shared state (availability, the waiting request) is in PostgreSQL.
"""

from __future__ import annotations

import asyncio
import json
import re
import subprocess
import sys
import time
from typing import AsyncIterator, Tuple

import aiohttp
import pytest
from chat_visitor import Visitor, person
from local_servers import free_port

from bot.launcher import Service
from clinic.settings import PROJECT_DIR

PASSWORD = "live chat across processes"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
EVENT_TIMEOUT_S = 20


@pytest.fixture(scope="module")
def second_app(production_stack):
    """A second app process on its own port, same database, same Redis."""
    stack = production_stack.stack
    port = free_port()
    stack.services["bot-2"] = Service(
        "bot-2",
        [sys.executable, "-m", "bot", "serve"],
        f"http://127.0.0.1:{port}/healthz",
        env={"BOT_PORT": str(port)},
    )
    stack.start("bot-2")
    try:
        stack.wait_ready(["bot-2"], report=lambda line: None)
        added = subprocess.run(
            [sys.executable, "-m", "bot", "staff", "add", "fay", "--password-stdin"],
            input=PASSWORD + "\n",
            text=True,
            capture_output=True,
            cwd=PROJECT_DIR,
            env=stack.env,
            timeout=120,
        )
        assert added.returncode == 0, added.stderr
        yield f"http://127.0.0.1:{port}"
    finally:
        stack.stop("bot-2")
        del stack.services["bot-2"]


async def events(response: aiohttp.ClientResponse) -> AsyncIterator[Tuple[str, dict]]:
    """(event name, data) from a Server-Sent Events response."""
    name, data = "message", []
    async for raw in response.content:
        line = raw.decode().rstrip("\n")
        if not line:
            if data:
                yield name, json.loads("\n".join(data))
            name, data = "message", []
        elif line.startswith("event: "):
            name = line[7:]
        elif line.startswith("data: "):
            data.append(line[6:])


async def next_event(stream: AsyncIterator[Tuple[str, dict]], wanted: str) -> dict:
    async def find() -> dict:
        async for name, data in stream:
            if name == wanted:
                return data
        raise AssertionError(f"the stream ended before a {wanted!r} event")

    return await asyncio.wait_for(find(), EVENT_TIMEOUT_S)


class Staff:
    def __init__(self, app_url: str) -> None:
        self.url = app_url
        self.http = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))
        self.csrf = ""

    async def log_in(self) -> None:
        async with self.http.get(self.url + "/staff/login") as page:
            token = CSRF.search(await page.text()).group(1)
        async with self.http.post(
            self.url + "/staff/login",
            data={"csrf_token": token, "username": "fay", "password": PASSWORD, "next": ""},
        ) as answer:
            assert answer.status == 200 and "/staff/login" not in str(answer.url)
        async with self.http.get(self.url + "/staff/live") as page:
            self.csrf = CSRF.search(await page.text()).group(1)

    async def post(self, path: str, **fields) -> dict:
        async with self.http.post(
            self.url + "/staff/live" + path, data={"csrf_token": self.csrf, **fields}
        ) as answer:
            assert answer.status == 200, await answer.text()
            return await answer.json()


async def test_visitor_on_one_process_staff_on_the_other(production_stack, second_app):
    staff, visitor = Staff(second_app), Visitor(production_stack.bot_url, person(1))
    try:
        await staff.log_in()
        async with staff.http.get(staff.url + "/staff/live/events") as staff_response:
            staff_stream = events(staff_response).__aiter__()
            assert (await next_event(staff_stream, "snapshot"))["waiting"] == []
            await staff.post("/availability", available="yes", display_name="Fay")

            await visitor.say("hi")
            _, body = await visitor.try_say("/human_handoff")
            assert body["live"]["state"] == "waiting", body
            (waiting,) = (await next_event(staff_stream, "queue"))["waiting"]

            async with visitor.http.get(visitor.bot_url + "/api/chat/live") as visitor_response:
                visitor_stream = events(visitor_response).__aiter__()
                assert (await next_event(visitor_stream, "state"))["state"] == "waiting"
                await staff.post(f"/handoffs/{waiting['id']}/join")
                joined = await next_event(visitor_stream, "state")
                assert joined["state"] == "joined" and joined["name"] == "Fay"

                started = time.monotonic()
                await staff.post(f"/handoffs/{waiting['id']}/reply", text="Hello from Fay.")
                message = await next_event(visitor_stream, "message")
                while message["sender"] != "staff":
                    message = await next_event(visitor_stream, "message")
                staff_to_visitor = time.monotonic() - started
                assert message["text"] == "Hello from Fay." and message["name"] == "Fay"

                started = time.monotonic()
                assert (await visitor.say("Thank you, Fay")) == []  # the assistant is silent
                heard = await next_event(staff_stream, "message")
                while heard["message"]["sender"] != "visitor":  # first the staff's own reply
                    heard = await next_event(staff_stream, "message")
                visitor_to_staff = time.monotonic() - started
                assert heard["message"]["text"] == "Thank you, Fay"

                await staff.post(f"/handoffs/{waiting['id']}/hand-back")
                assert (await next_event(visitor_stream, "state"))["state"] == "ended"
            await staff.post("/availability", available="no")
        answer = await visitor.say("How long do the benefits of ketamine therapy last?")
        assert "week" in " ".join(m["text"] for m in answer).lower()
        print(
            f"two processes via Redis: staff->visitor {staff_to_visitor * 1000:.0f} ms, "
            f"visitor->staff {visitor_to_staff * 1000:.0f} ms (HTTP round trip included)"
        )
    finally:
        await staff.http.close()
        await visitor.close()
