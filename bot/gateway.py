"""The chat gateway: the browser's only way to the assistant (Rasa is never exposed).

POST /api/chat {"message": str, "language"?: "en"|"es", "language_hint"?: "en"|"es"}
  -> {"messages": [{"text", "buttons": [{"title", "payload"}]}]}
  "language" is the visitor's choice on the widget's switch, "language_hint" the page's or
  browser's language (issue 19); both go to Rasa as message metadata.
GET /api/chat/history -> {"messages": [{"sender": "visitor"|"bot", "text", "buttons", "timestamp"}]}
POST /api/chat/end -> {"ended": true}: "End chat" on a shared computer; the cookie is cleared
The chat and history answers add {"live": {"state", "name"}} while a live chat with staff is open (bot/live/).
"""

from __future__ import annotations

import logging
from typing import Dict, Tuple

from aiohttp import web

from bot.api_errors import ApiError
from bot.app_state import CHAT_LIMITS, CHAT_SESSIONS, RASA
from bot.chat_session import clear_session_cookie, session_cookie, set_session_cookie
from bot.client_address import client_address
from bot.cors import listed_origin
from bot.json_body import parse_json
from bot.live.visitor import active_handoff, live_summary, relay_visitor_message
from bot.rasa_client import RasaUnavailable
from bot.request_log import CONVERSATION_KEY
from bot.security_headers import request_is_https
from clinic.language import language_code
from clinic.privacy_markers import conversation_tag

logger = logging.getLogger("bot.gateway")

MAX_MESSAGE_CHARS = 2000
# Rasa reads a leading "/" as a forced intent (with entities after it), skipping the NLU.
# A visitor may send one only when it is exactly a button the bot is showing right now
# (checked against the conversation's tracker), or one of these harmless starting points
# the widget and the clinic's pages send unprompted. Anything else, "/crisis" included,
# is refused: a forced crisis intent in a fresh session would page staff for nothing
# (typed crisis language still goes through the NLU and its crisis override).
ALWAYS_ALLOWED_PAYLOADS = frozenset(
    {
        "/greet",
        "/faq_menu",
        "/request_appointment",
        "/request_callback",
        "/start_assessment",
        # the widget's "English | Español" switch (issue 19)
        '/set_language{"language": "en"}',
        '/set_language{"language": "es"}',
    }
)
# Optional body fields beside "message", and the metadata key each becomes for Rasa.
LANGUAGE_FIELDS = {"language": "language_choice", "language_hint": "language_hint"}
UNAVAILABLE = "assistant unavailable"
UNREADABLE = "Your message could not be read. Please try again."


async def read_message(request: web.Request) -> Tuple[str, Dict[str, str]]:
    """The visitor's message and the metadata for Rasa (the language fields)."""
    if request.content_type != "application/json":
        raise ApiError(415, "Please send the message as JSON.", "message")
    try:
        body = parse_json(await request.read())  # strict: invalid bytes, deep nesting fail
    except ValueError:  # UnicodeDecodeError included
        raise ApiError(400, UNREADABLE, "message") from None
    if (
        not isinstance(body, dict)
        or "message" not in body
        or set(body) - {"message", *LANGUAGE_FIELDS}
    ):
        raise ApiError(
            400, 'Please send the field "message" (and only the language fields).', "message"
        )
    metadata = {}
    for field, key in LANGUAGE_FIELDS.items():
        if field in body:
            code = language_code(body[field])
            if code is None:
                raise ApiError(400, 'The language must be "en" or "es".', field)
            metadata[key] = code
    message = body["message"]
    if not isinstance(message, str) or not message.strip():
        raise ApiError(400, "Please type a message.", "message")
    try:
        message.encode("utf-8")  # JSON escapes can smuggle in lone surrogates
    except UnicodeEncodeError:
        raise ApiError(400, UNREADABLE, "message") from None
    message = message.strip()
    if len(message) > MAX_MESSAGE_CHARS:
        raise ApiError(
            413,
            f"That message is too long. Please keep it under {MAX_MESSAGE_CHARS:,} characters.",
            "message",
        )
    return message, metadata


async def check_forced_intent(
    request: web.Request, session_id: str, is_new: bool, message: str
) -> None:
    if not message.startswith("/") or message in ALWAYS_ALLOWED_PAYLOADS:
        return
    if is_new or message not in await request.app[RASA].offered_payloads(session_id):
        raise ApiError(400, 'Messages cannot start with "/". Please rephrase.', "message")


async def post_chat(request: web.Request) -> web.Response:
    sessions = request.app[CHAT_SESSIONS]
    session_id = sessions.verify(session_cookie(request, request_is_https(request)))
    new_cookie = None
    if session_id is None:
        session_id, new_cookie = sessions.new()
    request[CONVERSATION_KEY] = session_id

    wait = request.app[CHAT_LIMITS].check(session_id, client_address(request))
    if wait:
        raise ApiError(
            429,
            "You're sending messages very quickly. Please wait a few seconds and try again.",
            headers={"Retry-After": str(wait)},
        )
    message, metadata = await read_message(request)
    try:
        await check_forced_intent(request, session_id, new_cookie is not None, message)
        # Live chat (issue 20): while staff have the conversation, the message goes to them.
        handoff = None if new_cookie else await active_handoff(request.app, session_id)
        if handoff is not None:
            replies = await relay_visitor_message(request, session_id, message, handoff)
        else:
            replies = await request.app[RASA].send(session_id, message, metadata)
            handoff = await active_handoff(request.app, session_id)  # asked for a person?
    except RasaUnavailable as exc:
        logger.warning("rasa unavailable (%s) conv=%s", exc, conversation_tag(session_id))
        raise ApiError(503, UNAVAILABLE) from None

    response = web.json_response({"messages": replies, **live_summary(handoff)})
    if new_cookie:
        cross_site = listed_origin(request) is not None
        set_session_cookie(
            response, new_cookie, secure=request_is_https(request), cross_site=cross_site
        )
    return response


async def get_history(request: web.Request) -> web.Response:
    cookie = session_cookie(request, request_is_https(request))
    session_id = request.app[CHAT_SESSIONS].verify(cookie)
    if session_id is None:
        return web.json_response({"messages": []})
    request[CONVERSATION_KEY] = session_id
    # Each read costs a tracker load in Rasa: limited like messages, per session and address.
    wait = request.app[CHAT_LIMITS].check_reads(session_id, client_address(request))
    if wait:
        raise ApiError(
            429, "Too many requests. Please wait a moment.", headers={"Retry-After": str(wait)}
        )
    try:
        messages = await request.app[RASA].history(session_id)
    except RasaUnavailable as exc:
        logger.warning("rasa history unavailable (%s) conv=%s", exc, conversation_tag(session_id))
        raise ApiError(503, UNAVAILABLE) from None
    live = live_summary(await active_handoff(request.app, session_id))
    return web.json_response({"messages": messages, **live})


async def end_chat(request: web.Request) -> web.Response:
    """The browser forgets this conversation (the widget clears its own copy too). The
    transcript stays on the server for staff; "Delete my data" in the chat erases it."""
    session_id = request.app[CHAT_SESSIONS].verify(
        session_cookie(request, request_is_https(request))
    )
    if session_id is not None:
        request[CONVERSATION_KEY] = session_id
    response = web.json_response({"ended": True})
    clear_session_cookie(response)
    return response
