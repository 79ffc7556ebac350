"""Smaller hardening items on the public app: /api/chat/history and /healthz are
throttled; over HTTPS the chat cookie is __Host- prefixed; "End chat" clears the cookie."""

from __future__ import annotations

from dataclasses import replace
from http.cookies import SimpleCookie

from aiohttp import DummyCookieJar

from bot.app import create_app
from bot.chat_session import COOKIE_NAME, SECURE_COOKIE_NAME
from bot.migrations import migrate
from bot.rate_limit import ChatLimits, ChatRateLimits
from clinic.settings import parse_networks

HISTORY = "/api/chat/history"


def cookies(response) -> SimpleCookie:
    jar = SimpleCookie()
    for header in response.headers.getall("Set-Cookie", []):
        jar.load(header)
    return jar


async def test_history_reads_are_throttled_per_session(settings, rasa, make_client):
    migrate(settings.database_url)
    limits = ChatRateLimits(ChatLimits(history_per_session=(3, 60.0)))
    client = await make_client(create_app(settings, chat_limits=limits))
    assert (await client.post("/api/chat", json={"message": "hi"})).status == 200
    statuses = [(await client.get(HISTORY)).status for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert len(rasa.tracker_requests) == 3  # the refused read never reached Rasa


async def test_healthz_is_throttled_per_outside_address(settings, rasa, make_client):
    migrate(settings.database_url)
    settings = replace(settings, trusted_proxies=parse_networks("T", "127.0.0.1"))
    limits = ChatRateLimits(ChatLimits(health_per_ip=(2, 60.0)))
    client = await make_client(create_app(settings, chat_limits=limits))
    outside = {"X-Forwarded-For": "203.0.113.50"}
    statuses = [(await client.get("/healthz", headers=outside)).status for _ in range(3)]
    assert statuses[2] == 429 and statuses[:2] != [429, 429]
    # The launcher and local monitors (loopback) are not limited.
    assert (await client.get("/healthz")).status != 429


async def test_over_https_the_chat_cookie_is_host_prefixed(client, rasa):
    https = {"X-Forwarded-Proto": "https"}
    response = await client.post("/api/chat", json={"message": "hi"}, headers=https)
    jar = cookies(response)
    morsel = jar[SECURE_COOKIE_NAME]
    assert COOKIE_NAME not in jar
    assert morsel["secure"] and morsel["path"] == "/" and not morsel["domain"]
    # Only the prefixed cookie counts over HTTPS: a plain one (planted by a sibling
    # subdomain) starts a new session instead of joining someone's conversation.
    sender = rasa.received[0]["sender"]
    planted = {**https, "Cookie": f"{COOKIE_NAME}={morsel.value}"}
    again = await client.post("/api/chat", json={"message": "hi"}, headers=planted)
    assert again.status == 200 and rasa.received[1]["sender"] != sender
    prefixed = {**https, "Cookie": f"{SECURE_COOKIE_NAME}={morsel.value}"}
    await client.post("/api/chat", json={"message": "hi"}, headers=prefixed)
    assert rasa.received[2]["sender"] == sender


async def test_end_chat_clears_the_cookie(settings, rasa, make_client):
    migrate(settings.database_url)
    client = await make_client(create_app(settings))
    await client.post("/api/chat", json={"message": "hi"})
    assert (await (await client.get(HISTORY)).json())["messages"]
    response = await client.post("/api/chat/end")
    assert response.status == 200 and await response.json() == {"ended": True}
    assert cookies(response)[COOKIE_NAME]["max-age"] in ("0", 0)
    assert (await (await client.get(HISTORY)).json())["messages"] == []


async def test_end_chat_without_a_session_is_harmless(settings, rasa, make_client):
    migrate(settings.database_url)
    client = await make_client(create_app(settings), cookie_jar=DummyCookieJar())
    assert (await client.post("/api/chat/end")).status == 200
