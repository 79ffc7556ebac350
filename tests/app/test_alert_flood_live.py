"""Alert floods against the real stack: a forced "/crisis" from a fresh session is refused,
while a visitor who types crisis words still gets the crisis reply every time; the cap on
staff notices (tests/notifications/test_crisis.py) never touches that reply."""

from __future__ import annotations

import aiohttp
import pytest

from clinic.profile import load_profile

pytestmark = pytest.mark.stack


async def say(bot_url: str, text: str):
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:
        async with http.post(f"{bot_url}/api/chat", json={"message": text}) as response:
            return response.status, await response.json()


async def test_forced_crisis_is_refused_typed_crisis_always_answered(live_stack):
    status, body = await say(live_stack.bot_url, "/crisis")
    assert status == 400 and body["error"]
    lifeline = load_profile().crisis.lifeline
    for _ in range(3):  # each a new conversation, as a flood would be
        status, body = await say(live_stack.bot_url, "I can't go on, I want to end my life")
        assert status == 200
        assert lifeline in " ".join(m["text"] for m in body["messages"])
