"""The live page's server side without a browser: log-in and CSRF like the rest of the
console, availability, and a stream that ends with the log-in session."""

from __future__ import annotations

import asyncio
from datetime import datetime, timezone

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.live import handoffs
from bot.live.setup import setup_live
from bot.pages import STATIC_DIR
from bot.staff.sessions import IDLE_TIMEOUT_S
from tests.staff.conftest import Browser, console_app_for

pytestmark = pytest.mark.usefixtures("accounts")


@pytest.fixture
async def live_browser(database, clock):
    app = console_app_for(database, clock)
    app.router.add_static("/static/", STATIC_DIR, name="static")  # the app's, for live.js
    setup_live(app)
    client = TestClient(TestServer(app, host="127.0.0.1"))
    await client.start_server()
    yield Browser(client), client
    await client.close()


async def read_event(response) -> str:
    """The name of the next Server-Sent Event."""
    name = None
    while True:
        line = (await asyncio.wait_for(response.content.readline(), 10)).decode().strip()
        if line.startswith("event: "):
            name = line[7:]
        elif not line and name:
            return name


async def test_the_live_page_needs_a_log_in_and_csrf(live_browser, database):
    browser, client = live_browser
    for path in ("/staff/live", "/staff/live/events"):
        response = await browser.get(path)
        assert response.status == 303 and "/staff/login" in response.headers["Location"]
    await browser.log_in("bob")
    refused = await client.post("/staff/live/availability", data={"available": "yes"})
    assert refused.status == 403
    assert not await database.run(handoffs.anyone_available, handoffs_now())
    page = await browser.get("/staff/live")
    assert 'aria-pressed="false"' in await page.text()
    accepted = await browser.post(
        "/staff/live/availability", {"available": "yes"}, token_from="/staff/live"
    )
    assert (await accepted.json())["available"] is True
    assert await database.run(handoffs.anyone_available, handoffs_now())


async def test_the_stream_ends_when_the_session_would(live_browser, clock, monkeypatch):
    monkeypatch.setattr(handoffs, "PRESENCE_S", 0.2)  # the stream's tick
    browser, client = live_browser
    await browser.log_in("bob")
    async with client.get("/staff/live/events") as response:
        assert response.headers["Content-Type"] == "text/event-stream"
        assert await read_event(response) == "snapshot"
        clock.advance(IDLE_TIMEOUT_S + 1)
        assert await read_event(response) == "session_end"
    again = await browser.get("/staff/live/events")
    assert again.status == 303  # the page then finds the session over


def handoffs_now() -> datetime:
    return datetime.now(timezone.utc)
