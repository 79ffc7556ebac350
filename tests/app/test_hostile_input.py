"""Hostile requests to the public app: deeply nested JSON is a 4xx (was a 500), and a
forced intent such as "/crisis" is accepted only as a button the bot shows right now."""

from __future__ import annotations

import asyncio
import gzip

import aiohttp
import psutil
import pytest

CHAT = "/api/chat"


@pytest.mark.parametrize("depth", [25, 1000, 30_000])
async def test_deeply_nested_json_is_a_400_on_the_chat(client, rasa, depth):
    body = '{"message": ' + "[" * depth + "]" * depth + "}"
    response = await client.post(CHAT, data=body, headers={"Content-Type": "application/json"})
    assert response.status == 400
    assert (await response.json())["error"]
    assert rasa.received == []


async def test_deeply_nested_json_is_a_400_on_the_appointments_api(client, app_secrets):
    body = "[" * 30_000 + "]" * 30_000
    response = await client.post(
        "/api/appointments",
        data=body,
        headers={
            "Content-Type": "application/json",
            "Authorization": f"Bearer {app_secrets['appointments_token']}",
            "Idempotency-Key": "nested-1",
        },
    )
    assert response.status == 400


@pytest.mark.parametrize("payload", ["/crisis", "/human_handoff", "/delete_my_data", "/affirm"])
async def test_a_forced_intent_from_a_new_session_is_refused(client, rasa, payload):
    response = await client.post(CHAT, json={"message": payload})
    assert response.status == 400
    assert rasa.received == []


async def test_a_forced_crisis_intent_never_offered_is_refused_later_too(client, rasa):
    assert (await client.post(CHAT, json={"message": "hello"})).status == 200
    assert (await client.post(CHAT, json={"message": "/crisis"})).status == 400
    # The buttons the stand-in shows are accepted.
    assert (await client.post(CHAT, json={"message": "/request_appointment"})).status == 200
    assert [m["message"] for m in rasa.received] == ["hello", "/request_appointment"]


async def test_the_widgets_opening_payloads_are_accepted_from_a_new_session(client, rasa):
    assert (await client.post(CHAT, json={"message": "/greet"})).status == 200


def gzip_bomb(megabytes: int) -> bytes:
    """A small gzip body that inflates to `megabytes` MB of JSON-ish zeros."""
    return gzip.compress(b'{"message": "' + b"0" * (megabytes * 2**20) + b'"}', 9)


async def test_a_compressed_body_is_refused_not_inflated(client, rasa):
    """aiohttp 3.9.5 inflated such a body in one step: ten of these 50 kB requests at once
    grew the app by 564 MiB (measured; SECURITY.md). The app (here in this process) now
    never inflates them."""
    bomb = gzip_bomb(50)
    assert len(bomb) < 64 * 1024  # under the body limit: only inflation would be a problem
    process = psutil.Process()
    before = process.memory_info().rss

    async def send() -> int:
        response = await client.post(
            CHAT,
            data=bomb,
            headers={"Content-Type": "application/json", "Content-Encoding": "gzip"},
        )
        return response.status

    assert await asyncio.gather(*(send() for _ in range(10))) == [415] * 10
    assert (process.memory_info().rss - before) / 2**20 < 50
    assert rasa.received == []


async def test_console_forms_are_not_accepted_as_multipart(client):
    form = aiohttp.FormData({"username": "x", "password": "y"})
    form.add_field("file", b"x" * 1000, filename="big.bin")
    response = await client.post("/staff/login", data=form)
    assert response.status == 415


@pytest.mark.parametrize(
    "path", ["/static/../settings.py", "/static/%2e%2e/app.py", "/static//etc/passwd", "/static/"]
)
async def test_static_files_are_served_by_name_only(client, path):
    assert (await client.get(path)).status == 404
    assert (await client.get("/static/widget.css")).status == 200
