"""Live chat's two public doors on the real app: the action server's request for a person
(token required) and the widget's event stream (session cookie required)."""

from __future__ import annotations


async def test_asking_for_a_person_needs_the_action_servers_token(client, app_secrets):
    body = {"conversation_id": "conv-live-1", "callback_offered": True}
    refused = await client.post("/api/live/requests", json=body)
    assert refused.status == 401
    token = {"Authorization": f"Bearer {app_secrets['appointments_token']}"}
    answer = await client.post("/api/live/requests", json=body, headers=token)
    assert answer.status == 200
    assert await answer.json() == {"status": "unavailable"}  # nobody is on the live page
    bad = await client.post("/api/live/requests", json={"conversation_id": ""}, headers=token)
    assert bad.status == 400


async def test_the_widget_stream_without_a_live_chat_is_204(client):
    assert (await client.get("/api/chat/live")).status == 204  # no session
    await client.post("/api/chat", json={"message": "hello"})  # now there is one
    response = await client.get("/api/chat/live")
    assert response.status == 204  # but no live chat: EventSource stops asking
    history = await (await client.get("/api/chat/history")).json()
    assert "live" not in history
