"""The visitor's side of a live chat: the gateway's hook and the widget's event stream.

While a request for a person is open (waiting or joined) the gateway hands each visitor
message here instead of expecting the assistant's answer: Rasa stores it (the tracker is
paused, so the assistant stays silent), the crisis check runs on it, and the staff page
hears of it. GET /api/chat/live streams what staff and the live-chat service say.
"""

from __future__ import annotations

import logging
import time
from typing import List, Optional

from aiohttp import web
from sqlalchemy.exc import SQLAlchemyError

from bot.app_state import CHAT_SESSIONS, DATABASE, RASA
from bot.chat_session import COOKIE_NAME
from bot.live import handoffs, sse
from bot.live.bus import STAFF_CHANNEL, visitor_channel
from bot.live.handoffs import Handoff
from bot.live.service import (
    bot_event,
    conversation_language,
    is_live_event,
    iso_time,
    message_from_event,
)
from bot.live.state import LIVE_BUS
from bot.request_log import CONVERSATION_KEY
from clinic.language import SPANISH
from clinic.live_chat import CRISIS, STAFF_IS_HERE, worded
from clinic.privacy_markers import conversation_tag
from clinic.profile import load_profile
from clinic.safety_lexicon import detect_crisis

logger = logging.getLogger("bot.live")
FINAL_STATES = (handoffs.ENDED, handoffs.MISSED)


async def active_handoff(app: web.Application, session_id: str) -> Optional[Handoff]:
    """The conversation's open live chat, if any. With the database unreachable, none: the
    turn then goes to Rasa, which rides out the outage (components/database_outage.py),
    instead of the visitor getting an error for a lookup most conversations never need."""
    try:
        return await app[DATABASE].run(handoffs.active_handoff, session_id)
    except SQLAlchemyError as exc:
        logger.warning(
            "live chat lookup failed (%s) conv=%s", type(exc).__name__, conversation_tag(session_id)
        )
        return None


def live_summary(handoff: Optional[Handoff]) -> dict:
    """The gateway's `live` field: tells the widget to open (or keep) its event stream."""
    if handoff is None:
        return {}
    return {"live": {"state": handoff.status, "name": handoff.staff_name}}


def crisis_texts(language: str = "en") -> List[str]:
    """The reviewed crisis wording (clinic.yml), minus the line saying nobody is watching:
    during a live chat somebody is. A Spanish conversation gets the Spanish reply's parts
    (clinic.yml `spanish.crisis`, as actions/crisis_reply.py gives them, issue 19)."""
    profile = load_profile()
    crisis = profile.crisis
    if language == SPANISH:
        es = profile.spanish.crisis
        return [
            es.acknowledge,
            "\n".join([crisis.spanish, es.text_line, es.emergency]),
            worded(STAFF_IS_HERE, language),
        ]
    return [
        crisis.acknowledge,
        "\n".join([crisis.lifeline, crisis.text_line, crisis.emergency]),
        STAFF_IS_HERE,
    ]


async def relay_visitor_message(
    request: web.Request, session_id: str, message: str, handoff: Handoff
) -> List[dict]:
    """One visitor message during a live chat; returns what the widget shows at once."""
    app = request.app
    replies = await app[RASA].send(session_id, message)  # stored; paused, so no answer
    at = time.time()
    crisis = detect_crisis(message)
    await app[LIVE_BUS].publish(
        STAFF_CHANNEL,
        {
            "type": "message",
            "handoff": handoff.id,
            "account": handoff.joined_by,
            "crisis": crisis,
            "message": {
                "id": repr(at),
                "sender": "visitor",
                "text": message,
                "timestamp": iso_time(at),
            },
        },
    )
    # The turn ends as the assistant's would, with a listen: after the hand back the
    # assistant's policies see an ordinary conversation.
    events = []
    if crisis:
        language = await conversation_language(app, session_id)
        events = [bot_event(text, {"kind": CRISIS}) for text in crisis_texts(language)]
    listen = {"event": "action", "name": "action_listen", "timestamp": time.time()}
    await app[RASA].append_events(session_id, [*events, listen])
    if crisis:
        replies = replies + [{"text": e["text"], "buttons": []} for e in events]
        if not handoff.crisis:
            await app[DATABASE].run(handoffs.flag_crisis, handoff.id)
    logger.info(
        "live event=visitor_message conv=%s crisis=%s", conversation_tag(session_id), crisis
    )
    return replies


def _after(request: web.Request) -> float:
    raw = request.query.get("after") or request.headers.get("Last-Event-ID") or "0"
    try:
        return max(0.0, float(raw))
    except ValueError:
        return 0.0


async def visitor_stream(request: web.Request) -> web.StreamResponse:
    """GET /api/chat/live[?after=<last id>]: the live chat's messages and state changes.

    204 (EventSource stops retrying) when there is no live chat to follow. A reconnect
    passes the last id it saw; what it missed is read back from the tracker.
    """
    app = request.app
    session_id = app[CHAT_SESSIONS].verify(request.cookies.get(COOKIE_NAME))
    if session_id is None:
        return web.Response(status=204)
    request[CONVERSATION_KEY] = session_id
    after = _after(request)
    async with app[LIVE_BUS].subscribe(visitor_channel(session_id)) as subscription:
        handoff = await active_handoff(app, session_id)
        if handoff is None and not after:
            return web.Response(status=204)
        missed: List[dict] = []
        if after:
            missed = [
                message_from_event(e)
                for e in await app[RASA].events(session_id)
                if is_live_event(e) and float(e.get("timestamp") or 0) > after
            ]
        response = await sse.open_stream(request)
        try:
            await _follow(response, subscription, handoff, missed)
        except ConnectionResetError:  # the page went away
            pass
    return response


async def _follow(response, subscription, handoff: Optional[Handoff], missed: List[dict]) -> None:
    """Replay what a reconnecting page missed, then pass events on until the chat ends."""
    sent = set()
    for message in missed:
        await sse.send(response, "message", message, message["id"])
        sent.add(message["id"])
    state = handoff.status if handoff else "none"
    await sse.send(response, "state", {"state": state, "name": handoff and handoff.staff_name})
    if handoff is None:
        return
    async for event in sse.with_keepalive(subscription.events()):
        if event is None:
            await sse.keepalive(response)
            continue
        message = event.get("message")
        if message and message["id"] not in sent:
            await sse.send(response, "message", message, message["id"])
            sent.add(message["id"])
        if event.get("type") == "state":
            await sse.send(response, "state", {"state": event["state"], "name": event.get("name")})
            if event["state"] in FINAL_STATES:
                return
