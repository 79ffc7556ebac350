"""TRUSTED_PROXIES: behind the proxy each visitor is limited on their own address; without
it (or from an untrusted peer) X-Forwarded-For is ignored, so nobody escapes a limit by
writing the header."""

from __future__ import annotations

from dataclasses import replace

import pytest
from aiohttp import DummyCookieJar

from bot.app import create_app
from bot.client_address import resolve
from bot.migrations import migrate
from bot.rate_limit import ChatLimits, ChatRateLimits
from clinic.settings import load_settings, parse_networks

CHAT = "/api/chat"
PROXY = parse_networks("TRUSTED_PROXIES", "127.0.0.1, 10.0.0.0/8")


@pytest.mark.parametrize(
    "peer, hops, expected",
    [
        ("203.0.113.7", ["1.1.1.1"], "203.0.113.7"),  # untrusted peer: its header is ignored
        ("127.0.0.1", ["198.51.100.4"], "198.51.100.4"),
        # The client wrote the left-most hop itself; the proxy appended what it saw.
        ("127.0.0.1", ["6.6.6.6", "198.51.100.4"], "198.51.100.4"),
        # Two trusted proxies in a row: the right-most untrusted hop.
        ("127.0.0.1", ["6.6.6.6", "198.51.100.4", "10.1.2.3"], "198.51.100.4"),
        ("127.0.0.1", ["198.51.100.4:5123"], "198.51.100.4"),
        ("127.0.0.1", ["[2001:db8::1]:443"], "2001:db8::1"),
        ("127.0.0.1", ["not-an-address"], "127.0.0.1"),  # garbage: stop at the proxy
        ("127.0.0.1", [], "127.0.0.1"),
    ],
)
def test_the_right_most_untrusted_hop_is_the_client(peer, hops, expected):
    assert resolve(peer, hops, PROXY) == expected


def test_without_trusted_proxies_the_peer_is_the_client():
    assert resolve("127.0.0.1", ["198.51.100.4"], ()) == "127.0.0.1"


def test_trusted_proxies_setting_is_read_and_checked(monkeypatch):
    monkeypatch.setenv("TRUSTED_PROXIES", "127.0.0.1/32, 172.16.0.0/12")
    assert [str(n) for n in load_settings().trusted_proxies] == ["127.0.0.1/32", "172.16.0.0/12"]
    monkeypatch.setenv("TRUSTED_PROXIES", "nginx")
    with pytest.raises(ValueError, match="TRUSTED_PROXIES"):
        load_settings()


async def chat_client(settings, make_client, trusted: str):
    migrate(settings.database_url)
    settings = replace(settings, trusted_proxies=parse_networks("TRUSTED_PROXIES", trusted))
    limits = ChatRateLimits(ChatLimits(per_ip=(3, 60.0)))
    return await make_client(create_app(settings, chat_limits=limits), cookie_jar=DummyCookieJar())


async def post_from(client, address: str) -> int:
    response = await client.post(CHAT, json={"message": "hi"}, headers={"X-Forwarded-For": address})
    return response.status


async def test_behind_a_trusted_proxy_each_visitor_has_their_own_limit(settings, rasa, make_client):
    client = await chat_client(settings, make_client, "127.0.0.1")
    assert [await post_from(client, "198.51.100.4") for _ in range(4)] == [200, 200, 200, 429]
    # Another visitor behind the same proxy is not blocked by the first one.
    assert await post_from(client, "198.51.100.5") == 200
    # Nor can the first one escape by prepending a made-up address.
    assert await post_from(client, "9.9.9.9, 198.51.100.4") == 429


async def test_forwarded_header_is_read_too(settings, rasa, make_client):
    client = await chat_client(settings, make_client, "127.0.0.1")
    for _ in range(3):
        await client.post(CHAT, json={"message": "hi"}, headers={"Forwarded": "for=192.0.2.60"})
    limited = await client.post(
        CHAT, json={"message": "hi"}, headers={"Forwarded": 'for="192.0.2.60:4711";proto=https'}
    )
    assert limited.status == 429
    assert await post_from(client, "192.0.2.61") == 200


async def test_an_untrusted_client_cannot_escape_the_limit_with_the_header(
    settings, rasa, make_client
):
    client = await chat_client(settings, make_client, "")
    statuses = [await post_from(client, f"198.51.100.{n}") for n in range(4)]
    assert statuses == [200, 200, 200, 429]
