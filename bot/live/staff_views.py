"""The console's live page, /staff/live: availability, the waiting visitors, the chats.

The page is rendered once; everything after comes over its event stream
(/staff/live/events) and goes back with small POSTs that carry the console's CSRF token
and answer JSON. Behind the console's middlewares: log-in, CSRF, no-store.
"""

from __future__ import annotations

import json
import logging
import time
from datetime import datetime, timezone
from typing import Optional

from aiohttp import web
from aiohttp_session import get_session

from bot.app_state import RASA
from bot.live import handoffs, service, sse
from bot.live.bus import STAFF_CHANNEL
from bot.live.handoffs import Handoff
from bot.live.state import LIVE_BUS
from bot.rasa_client import RasaUnavailable, history_messages
from bot.staff import audit
from bot.staff.keys import ACCOUNT, CLOCK, DB, client_ip, now
from bot.staff.rendering import render
from bot.staff.sessions import IDLE_TIMEOUT_S, MAX_SESSION_S
from clinic.privacy_markers import conversation_tag

logger = logging.getLogger("bot.live")

MAX_REPLY_CHARS = 2000
MAX_NAME_CHARS = 64
CONTEXT_MESSAGES = 40  # how much of the conversation a staff member sees on joining


def _utc() -> datetime:
    return datetime.now(timezone.utc)


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds").replace("+00:00", "Z")


def waiting_item(handoff: Handoff) -> dict:
    return {
        "id": handoff.id,
        "label": "Visitor " + conversation_tag(handoff.conversation_id)[:6],
        "requested_at": _iso(handoff.requested_at),
        "deadline_at": _iso(handoff.deadline_at),
        "crisis": handoff.crisis,
    }


async def conversation_item(request: web.Request, handoff: Handoff) -> dict:
    try:
        events = await request.app[RASA].events(handoff.conversation_id)
        messages = history_messages(events)[-CONTEXT_MESSAGES:]
    except RasaUnavailable:
        messages = []
    transcript = request.app.router["staff_conversation"].url_for(sender_id=handoff.conversation_id)
    return {
        "id": handoff.id,
        "label": "Visitor " + conversation_tag(handoff.conversation_id)[:6],
        "crisis": handoff.crisis,
        "staff_name": handoff.staff_name,
        "transcript_url": str(transcript),
        "messages": messages,
    }


async def snapshot(request: web.Request) -> dict:
    db, account = request.config_dict[DB], request[ACCOUNT]
    state = await db.run(handoffs.staff_state, account.id)
    waiting = await db.run(handoffs.waiting_handoffs)
    mine = await db.run(handoffs.joined_by, account.id)
    return {
        "available": state.available,
        "name": state.display_name or account.username,
        "waiting": [waiting_item(h) for h in waiting],
        "mine": [await conversation_item(request, h) for h in mine],
    }


async def live_page(request: web.Request) -> web.Response:
    account = request[ACCOUNT]
    state = await request.config_dict[DB].run(handoffs.staff_state, account.id)
    return await render(
        request,
        "live.html",
        {"available": state.available, "display_name": state.display_name or account.username},
    )


async def session_deadline(request: web.Request) -> float:
    """When this page's log-in session runs out (idle or overall), in CLOCK seconds."""
    session = await get_session(request)
    return min(session.get("seen", 0) + IDLE_TIMEOUT_S, session.get("login_at", 0) + MAX_SESSION_S)


async def live_events(request: web.Request) -> web.StreamResponse:
    """The page's stream: a full snapshot on every (re)connect, then changes.

    An open stream is not activity: it ends when the session would run out (the page then
    reconnects with its newer cookie, or finds the session over), so an unattended console
    stops being offered to visitors like any idle console logs off.
    """
    db, account = request.config_dict[DB], request[ACCOUNT]
    clock, deadline = request.config_dict[CLOCK], await session_deadline(request)
    async with request.app[LIVE_BUS].subscribe(STAFF_CHANNEL) as subscription:
        await db.run(handoffs.touch_presence, account.id, _utc())
        response = await sse.open_stream(request)
        try:
            await sse.send(response, "snapshot", await snapshot(request))
            touched = time.monotonic()
            async for event in sse.with_keepalive(subscription.events(), handoffs.PRESENCE_S):
                if time.monotonic() - touched >= handoffs.PRESENCE_S:
                    await db.run(handoffs.touch_presence, account.id, _utc())
                    touched = time.monotonic()
                if clock() >= deadline:
                    await sse.send(response, "session_end", {})
                    break
                if event is None:
                    await sse.keepalive(response)
                elif event["type"] == "queue":
                    waiting = await db.run(handoffs.waiting_handoffs)
                    await sse.send(
                        response, "queue", {"waiting": [waiting_item(h) for h in waiting]}
                    )
                elif event["type"] == "message" and event.get("account") == account.id:
                    await sse.send(
                        response,
                        "message",
                        {
                            "handoff": event["handoff"],
                            "crisis": bool(event.get("crisis")),
                            "message": event["message"],
                        },
                    )
        except ConnectionResetError:  # the page went away
            pass
    return response


def _json(data: dict, status: int = 200) -> web.Response:
    return web.json_response(data, status=status)


async def _record(request: web.Request, action: str, target: Optional[str]) -> None:
    await request.config_dict[DB].run(
        audit.record, request[ACCOUNT].username, action, target, client_ip(request), now(request)
    )


async def set_availability(request: web.Request) -> web.Response:
    form = await request.post()
    account = request[ACCOUNT]
    available = form.get("available") == "yes"
    name = str(form.get("display_name") or "").strip()[:MAX_NAME_CHARS] or account.username
    await request.config_dict[DB].run(
        handoffs.set_availability, account.id, name, available, _utc()
    )
    await _record(request, "live_available" if available else "live_unavailable", None)
    return _json({"available": available, "name": name})


async def _mine(request: web.Request) -> Handoff:
    handoff = await request.config_dict[DB].run(
        handoffs.get_handoff, request.match_info["handoff_id"]
    )
    if (
        handoff is None
        or handoff.status != handoffs.JOINED
        or handoff.joined_by != request[ACCOUNT].id
    ):
        raise web.HTTPConflict(
            text=json.dumps({"error": "This chat is not yours, or it has ended."}),
            content_type="application/json",
        )
    return handoff


async def join(request: web.Request) -> web.Response:
    account = request[ACCOUNT]
    state = await request.config_dict[DB].run(handoffs.staff_state, account.id)
    handoff = await service.join(
        request.app,
        request.match_info["handoff_id"],
        account.id,
        state.display_name or account.username,
    )
    if handoff is None:
        return _json({"error": "Someone else joined, or the visitor's wait ended."}, 409)
    await _record(request, "live_join", handoff.conversation_id)
    return _json({"conversation": await conversation_item(request, handoff)})


async def reply(request: web.Request) -> web.Response:
    text = str((await request.post()).get("text") or "").strip()
    if not text or len(text) > MAX_REPLY_CHARS:
        return _json({"error": f"Type a reply of up to {MAX_REPLY_CHARS:,} characters."}, 400)
    handoff = await _mine(request)
    try:
        message = await service.staff_reply(request.app, handoff, request[ACCOUNT].id, text)
    except RasaUnavailable:
        return _json({"error": "Not sent: the assistant's server is unavailable. Try again."}, 503)
    await _record(request, "live_reply", handoff.conversation_id)
    return _json({"handoff": handoff.id, "message": message})


async def hand_back(request: web.Request) -> web.Response:
    handoff = await _mine(request)
    try:
        ended = await service.hand_back(request.app, handoff.id, request[ACCOUNT].id)
    except RasaUnavailable:
        return _json({"error": "The assistant's server is unavailable. Try again."}, 503)
    if ended is None:
        return _json({"error": "This chat has already ended."}, 409)
    await _record(request, "live_hand_back", handoff.conversation_id)
    return _json({"ended": handoff.id})


def add_routes(router: web.UrlDispatcher, prefix: str) -> None:
    base = prefix + "/live"
    router.add_get(base, live_page, name="staff_live")
    router.add_get(base + "/events", live_events, name="staff_live_events")
    router.add_post(base + "/availability", set_availability, name="staff_live_availability")
    one = base + "/handoffs/{handoff_id}"
    router.add_post(one + "/join", join, name="staff_live_join")
    router.add_post(one + "/reply", reply, name="staff_live_reply")
    router.add_post(one + "/hand-back", hand_back, name="staff_live_hand_back")
