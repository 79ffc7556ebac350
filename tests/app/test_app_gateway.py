"""The chat gateway: sessions, validation, rate limits, CORS, forwarding and history."""

from __future__ import annotations

import logging
from http.cookies import SimpleCookie

import pytest
from aiohttp import DummyCookieJar

from bot.app import create_app
from bot.chat_session import COOKIE_NAME, SECURE_COOKIE_NAME, ChatSessions
from bot.migrations import migrate
from bot.rate_limit import ChatLimits, ChatRateLimits

CHAT = "/api/chat"
HISTORY = "/api/chat/history"
PARTNER = "https://partner.example.org"  # in the settings fixture's cors_origins


def session_cookie(response):
    """The chat cookie: __Host- prefixed when it is Secure (over HTTPS)."""
    cookie = SimpleCookie()
    for header in response.headers.getall("Set-Cookie", []):
        cookie.load(header)
    return cookie.get(COOKIE_NAME) or cookie.get(SECURE_COOKIE_NAME)


async def test_first_message_gets_a_signed_httponly_session_and_is_forwarded(
    client, rasa, app_secrets
):
    response = await client.post(CHAT, json={"message": "  How long do the benefits last?  "})
    assert response.status == 200

    morsel = session_cookie(response)
    assert morsel is not None
    assert morsel["httponly"] is True
    assert morsel["samesite"] == "Lax"
    assert not morsel["secure"]
    session_id = ChatSessions(app_secrets["gateway_key"]).verify(morsel.value)
    assert session_id is not None

    assert rasa.received == [{"sender": session_id, "message": "How long do the benefits last?"}]
    assert await response.json() == {
        "messages": [
            {"text": "You said: How long do the benefits last?", "buttons": rasa.buttons},
            {"text": "First part.", "buttons": []},
            {"text": "Second part.", "buttons": []},
        ]
    }


async def test_session_is_kept_across_messages(client, rasa):
    first = await client.post(CHAT, json={"message": "hello"})
    second = await client.post(CHAT, json={"message": "/request_appointment"})
    assert (first.status, second.status) == (200, 200)
    assert session_cookie(second) is None  # nothing new issued
    assert [m["sender"] for m in rasa.received] == [rasa.received[0]["sender"]] * 2
    assert rasa.received[1]["message"] == "/request_appointment"


async def test_payload_with_entities_only_when_that_button_is_on_screen(client, rasa):
    offered = '/inform{"booking_choice": "new"}'
    assert (await client.post(CHAT, json={"message": "hello"})).status == 200
    assert (await client.post(CHAT, json={"message": offered})).status == 200
    assert rasa.received[-1]["message"] == offered

    forged = await client.post(CHAT, json={"message": '/inform{"booking_choice": "returning"}'})
    other_intent = await client.post(CHAT, json={"message": '/crisis{"x": "y"}'})
    assert (forged.status, other_intent.status) == (400, 400)
    assert [m["message"] for m in rasa.received] == ["hello", offered]


async def test_cookie_is_secure_behind_an_https_proxy(client):
    response = await client.post(
        CHAT, json={"message": "hi"}, headers={"X-Forwarded-Proto": "https"}
    )
    morsel = session_cookie(response)
    assert morsel["secure"] is True
    assert morsel["samesite"] == "Lax"


@pytest.mark.parametrize(
    "forge",
    [
        lambda sid, issued, sig: f"{'0' * 32}.{issued}.{sig}",  # someone else's id, old signature
        lambda sid, issued, sig: f"{sid}.{issued}.{sig[:-2]}xx",  # tampered signature
        lambda sid, issued, sig: f"{sid}.{int(issued) + 999}.{sig}",  # tampered issue time
        lambda sid, issued, sig: "just-some-value",
    ],
    ids=["other-id", "bad-signature", "bad-time", "garbage"],
)
async def test_forged_cookie_gets_a_new_session(client, rasa, app_secrets, forge):
    genuine = session_cookie(await client.post(CHAT, json={"message": "hi"})).value
    sid, issued, sig = genuine.split(".")
    forged = forge(sid, issued, sig)
    client.session.cookie_jar.clear()

    response = await client.post(
        CHAT, json={"message": "hello again"}, headers={"Cookie": f"{COOKIE_NAME}={forged}"}
    )
    assert response.status == 200
    new_id = ChatSessions(app_secrets["gateway_key"]).verify(session_cookie(response).value)
    assert new_id not in (None, sid, "0" * 32)
    assert rasa.received[-1]["sender"] == new_id


def test_session_cookie_expires():
    now = [1_700_000_000.0]
    sessions = ChatSessions("k" * 32, clock=lambda: now[0])
    session_id, cookie = sessions.new()
    now[0] += 11 * 3600
    assert sessions.verify(cookie) == session_id
    now[0] += 2 * 3600
    assert sessions.verify(cookie) is None
    assert ChatSessions("another key", clock=lambda: now[0]).verify(cookie) is None


REJECTED = [
    ({"message": ""}, 400, "Please type a message."),
    ({"message": "   \n\t "}, 400, "Please type a message."),
    ({"message": 42}, 400, "Please type a message."),
    (
        {"message": "x" * 2001},
        413,
        "That message is too long. Please keep it under 2,000 characters.",
    ),
    (
        {"message": "x" * 10_000},
        413,
        "That message is too long. Please keep it under 2,000 characters.",
    ),
    ({"text": "hi"}, 400, None),
    ({"message": "hi", "metadata": {"intent": "crisis"}}, 400, None),
    (["hi"], 400, None),
    ({"message": '/inform{"booking_choice": "new"}'}, 400, None),  # no buttons shown yet
    ({"message": '/inform{"location": "Frisco"}'}, 400, None),
    ({"message": "/Request_Appointment"}, 400, None),
    ({"message": "/request_appointment please"}, 400, None),
]


@pytest.mark.parametrize("body, status, error", REJECTED)
async def test_invalid_messages_are_rejected_and_not_forwarded(client, rasa, body, status, error):
    response = await client.post(CHAT, json=body)
    assert response.status == status
    payload = await response.json()
    assert payload["error"]
    if error:
        assert payload["error"] == error
    assert rasa.received == []


@pytest.mark.parametrize(
    "data",
    [
        b'{"message": "caf\xe9"}',
        b'{"message": "\xff\xfe\xfd"}',
        b'{"message": "\\ud800 lone surrogate"}',
    ],
    ids=["latin1-byte", "garbage-bytes", "lone-surrogate"],
)
async def test_invalid_utf8_is_400(client, rasa, data):
    response = await client.post(CHAT, data=data, headers={"Content-Type": "application/json"})
    assert response.status == 400
    assert "could not be read" in (await response.json())["error"]
    assert rasa.received == []


@pytest.mark.parametrize(
    "data", [b'{"message": "hi"', b"message=hi", b""], ids=["truncated", "form", "empty"]
)
async def test_bad_json_is_400(client, rasa, data):
    response = await client.post(CHAT, data=data, headers={"Content-Type": "application/json"})
    assert response.status == 400
    assert (await response.json())["error"]
    assert rasa.received == []


async def test_non_json_content_type_is_415(client, rasa):
    response = await client.post(
        CHAT, data="message=hi", headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert response.status == 415
    assert rasa.received == []


async def test_oversized_body_is_413_json(client, rasa):
    response = await client.post(
        CHAT,
        data=b'{"message": "' + b"x" * 70_000 + b'"}',
        headers={"Content-Type": "application/json"},
    )
    assert response.status == 413
    assert "shorter" in (await response.json())["error"]
    assert rasa.received == []


@pytest.mark.parametrize(
    "text",
    [
        "😔😔😔",
        "¿Tienen citas en español?",
        "ケタミン療法について",
        "<script>alert('x')</script><b>hi</b>",
        "x" * 2000,
    ],
    ids=["emoji", "spanish", "japanese", "html", "exactly-2000"],
)
async def test_valid_unusual_messages_are_forwarded_unchanged(client, rasa, text):
    response = await client.post(CHAT, json={"message": text})
    assert response.status == 200
    assert rasa.received[-1]["message"] == text
    assert (await response.json())["messages"][0]["text"] == f"You said: {text}"


async def test_session_rate_limit_answers_429_with_retry_after(client, rasa):
    for _ in range(20):
        assert (await client.post(CHAT, json={"message": "hi"})).status == 200
    response = await client.post(CHAT, json={"message": "hi"})
    assert response.status == 429
    assert 1 <= int(response.headers["Retry-After"]) <= 10
    assert "wait" in (await response.json())["error"]
    assert len(rasa.received) == 20


async def test_ip_rate_limit_applies_across_sessions(settings, rasa, make_client):
    migrate(settings.database_url)
    limits = ChatRateLimits(ChatLimits(per_ip=(3, 60.0)))
    client = await make_client(
        create_app(settings, chat_limits=limits), cookie_jar=DummyCookieJar()
    )
    statuses = [(await client.post(CHAT, json={"message": "hi"})).status for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert len({m["sender"] for m in rasa.received}) == 3  # three separate sessions


def test_sliding_window_retry_after_counts_from_the_oldest_message():
    now = [100.0]
    limits = ChatRateLimits(
        ChatLimits(session_burst=(2, 10.0), session_sustained=(100, 60.0)), clock=lambda: now[0]
    )
    assert limits.check("s", "ip") == 0
    now[0] = 103.0
    assert limits.check("s", "ip") == 0
    now[0] = 104.5
    assert limits.check("s", "ip") == 6  # the first message leaves the window at 110
    now[0] = 110.0
    assert limits.check("s", "ip") == 0
    assert limits.check("other", "ip") == 0  # per session


async def test_rasa_down_is_503(client, rasa):
    await rasa.server.close()
    response = await client.post(CHAT, json={"message": "hi"})
    assert response.status == 503
    assert (await response.json())["error"] == "assistant unavailable"


async def test_cors_preflight_from_listed_origin(client):
    response = await client.options(
        CHAT,
        headers={
            "Origin": PARTNER,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert response.status == 204
    assert response.headers["Access-Control-Allow-Origin"] == PARTNER
    assert response.headers["Access-Control-Allow-Credentials"] == "true"
    assert "POST" in response.headers["Access-Control-Allow-Methods"]
    assert "Content-Type" in response.headers["Access-Control-Allow-Headers"]


async def test_cors_post_from_listed_origin_over_https_gets_cross_site_cookie(client, rasa):
    response = await client.post(
        CHAT, json={"message": "hi"}, headers={"Origin": PARTNER, "X-Forwarded-Proto": "https"}
    )
    assert response.status == 200
    assert response.headers["Access-Control-Allow-Origin"] == PARTNER
    assert response.headers["Access-Control-Allow-Credentials"] == "true"
    morsel = session_cookie(response)
    assert (morsel["samesite"], morsel["secure"]) == ("None", True)


@pytest.mark.parametrize(
    "origin", ["https://evil.example.net", "null", "http://partner.example.org"]
)
async def test_cors_unlisted_origin_is_refused(client, rasa, origin):
    preflight = await client.options(
        CHAT, headers={"Origin": origin, "Access-Control-Request-Method": "POST"}
    )
    post = await client.post(CHAT, json={"message": "hi"}, headers={"Origin": origin})
    for response in (preflight, post):
        assert response.status == 403
        assert "Access-Control-Allow-Origin" not in response.headers
    assert rasa.received == []


async def test_same_origin_request_needs_no_cors(client, rasa):
    origin = f"http://{client.host}:{client.port}"
    response = await client.post(CHAT, json={"message": "hi"}, headers={"Origin": origin})
    assert response.status == 200
    assert "Access-Control-Allow-Origin" not in response.headers


async def test_history_is_empty_for_a_new_session_without_asking_rasa(client, rasa):
    response = await client.get(HISTORY)
    assert response.status == 200
    assert await response.json() == {"messages": []}
    assert rasa.tracker_requests == []


async def test_history_returns_visitor_and_bot_messages(client, rasa, app_secrets):
    await client.post(CHAT, json={"message": "hello"})
    await client.post(CHAT, json={"message": "/request_appointment"})

    response = await client.get(HISTORY)
    assert response.status == 200
    messages = (await response.json())["messages"]
    session_id = rasa.received[0]["sender"]
    # The token travels in the Authorization header, never in the query string.
    assert rasa.tracker_requests[-1] == {"sender": session_id, "authorized": True, "query": {}}

    button = rasa.buttons
    assert [(m["sender"], m["text"], m["buttons"]) for m in messages] == [
        ("visitor", "hello", []),
        ("bot", "You said: hello", button),
        ("bot", "First part.", []),
        ("bot", "Second part.", []),
        # The click was stored as its payload; the title is what the visitor saw and sent.
        ("visitor", "Request an appointment", []),
        ("bot", "You said: /request_appointment", button),
        ("bot", "First part.", []),
        ("bot", "Second part.", []),
    ]
    assert all(m["timestamp"].endswith("Z") for m in messages)


async def test_history_rasa_down_is_503(client, rasa):
    await client.post(CHAT, json={"message": "hello"})
    await rasa.server.close()
    response = await client.get(HISTORY)
    assert response.status == 503
    assert (await response.json())["error"] == "assistant unavailable"


async def test_chat_logs_carry_no_message_text(client, rasa, caplog):
    caplog.set_level(logging.DEBUG)
    await client.post(CHAT, json={"message": "my name is Xochitl and I feel hopeless"})
    await client.get(HISTORY)
    # The app's own loggers (the stand-ins' and the test server's access logs are not the app's).
    logged = "\n".join(r.getMessage() for r in caplog.records if r.name.startswith("bot"))
    assert "POST /api/chat 200" in logged
    assert "Xochitl" not in logged and "hopeless" not in logged
    assert rasa.received[0]["sender"] not in logged  # only a hash of the conversation id


async def test_language_fields_reach_rasa_as_metadata(client, rasa):
    # The widget's switch ("language") and the page's language ("language_hint"), issue 19.
    response = await client.post(
        CHAT, json={"message": "hola", "language": "es", "language_hint": "es-MX"}
    )
    assert response.status == 200
    assert rasa.received[0]["metadata"] == {"language_choice": "es", "language_hint": "es"}


@pytest.mark.parametrize(
    "body",
    [
        {"message": "hola", "language": "fr"},
        {"message": "hola", "language_hint": ["es"]},
        {"message": "hola", "metadata": {"language_choice": "es"}},
    ],
)
async def test_other_languages_and_fields_are_refused(client, rasa, body):
    response = await client.post(CHAT, json=body)
    assert response.status == 400
    assert rasa.received == []


async def test_the_language_switch_may_be_sent_unprompted(client, rasa):
    response = await client.post(CHAT, json={"message": '/set_language{"language": "es"}'})
    assert response.status == 200
    assert rasa.received[0]["message"] == '/set_language{"language": "es"}'
