"""Hostile requests to the public app: deeply nested JSON is a 4xx (was a 500), and a
forced intent such as "/crisis" is accepted only as a button the bot shows right now."""

from __future__ import annotations

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
