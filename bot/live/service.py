"""Live chat's operations: each changes the database state, writes what the visitor sees to
the conversation's Rasa tracker (the one record), and tells the open pages over the bus.

Rasa's tracker is paused (ConversationPaused) while staff talk: Rasa still stores and
parses the visitor's messages but predicts no action, so the assistant stays silent.
Handing back or a missed request resumes it.

What the visitor reads is in the conversation's language (the `language` slot in the
tracker, issue 19): clinic/live_chat.py holds each text in English and Spanish.
"""

from __future__ import annotations

import logging
import time
from datetime import datetime, timezone
from typing import Callable, List, Optional

from aiohttp import web

from bot.app_state import DATABASE, RASA
from bot.live import handoffs
from bot.live.bus import STAFF_CHANNEL, visitor_channel
from bot.live.handoffs import Handoff
from bot.live.state import LIVE_BUS
from bot.rasa_client import RasaUnavailable
from clinic.language import ENGLISH, language_code
from clinic.live_chat import (
    HANDED_BACK,
    JOINED,
    METADATA_KEY,
    MISSED,
    MISSED_CALLBACK,
    NOTICE,
    OUR_STAFF_MEMBER,
    PAUSED_FORM_SLOT,
    STAFF,
    callback_button,
    resume_button,
    worded,
)
from clinic.privacy_markers import conversation_tag
from clinic.profile import load_profile

logger = logging.getLogger("bot.live")


def iso_time(stamp: float) -> str:
    moment = datetime.fromtimestamp(stamp, timezone.utc)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def bot_event(text: str, live: dict, buttons: Optional[List[dict]] = None) -> dict:
    """A BotUttered event marked as live chat's; its timestamp doubles as the stream id."""
    event = {
        "event": "bot",
        "text": text,
        "timestamp": time.time(),
        "metadata": {METADATA_KEY: live},
    }
    if buttons:
        event["data"] = {"buttons": buttons}
    return event


def message_from_event(event: dict) -> dict:
    """What the widget shows for one of live chat's BotUttered events."""
    live = (event.get("metadata") or {}).get(METADATA_KEY) or {}
    staff = live.get("kind") == STAFF
    return {
        "id": repr(event["timestamp"]),
        "sender": "staff" if staff else "bot",
        "name": live.get("name") if staff else None,
        "text": event.get("text") or "",
        "buttons": list((event.get("data") or {}).get("buttons") or []),
        "timestamp": iso_time(event["timestamp"]),
    }


def is_live_event(event: dict) -> bool:
    return event.get("event") == "bot" and bool((event.get("metadata") or {}).get(METADATA_KEY))


LANGUAGE_SLOT = "language"  # "en" / "es": the conversation's language (issue 19)


def _slot(events: List[dict], name: str):
    """A slot's last value in the tracker's events (None when never set)."""
    for event in reversed(events):
        if event.get("event") == "slot" and event.get("name") == name:
            return event.get("value")
    return None


def paused_form(events: List[dict]) -> bool:
    """Whether the assistant remembers a form it paused (the last value of its slot)."""
    return bool(_slot(events, PAUSED_FORM_SLOT))


def events_language(events: List[dict]) -> str:
    """The conversation's language, "en" unless its `language` slot says "es"."""
    return language_code(_slot(events, LANGUAGE_SLOT)) or ENGLISH


async def conversation_language(app: web.Application, conversation_id: str) -> str:
    """The language of the conversation's tracker; English when Rasa cannot say."""
    try:
        return events_language(await app[RASA].events(conversation_id))
    except RasaUnavailable:
        return ENGLISH


async def publish_queue(app: web.Application) -> None:
    """The waiting list changed: every live page refreshes it."""
    await app[LIVE_BUS].publish(STAFF_CHANNEL, {"type": "queue"})


async def _tell_visitor(app: web.Application, handoff: Handoff, payload: dict) -> None:
    await app[LIVE_BUS].publish(visitor_channel(handoff.conversation_id), payload)


async def _write(app: web.Application, handoff: Handoff, events: List[dict]) -> None:
    await app[RASA].append_events(handoff.conversation_id, events)


async def join(
    app: web.Application, handoff_id: str, account_id: int, name: str
) -> Optional[Handoff]:
    now = datetime.now(timezone.utc)
    handoff = await app[DATABASE].run(handoffs.join, handoff_id, account_id, name, now)
    if handoff is None:
        return None
    language = await conversation_language(app, handoff.conversation_id)
    notice = bot_event(
        worded(JOINED, language).format(name=name, clinic=load_profile().name),
        {"kind": NOTICE, "account": account_id},
    )
    try:
        await _write(app, handoff, [notice])
    except RasaUnavailable:  # the visitor still hears of it; the record misses the notice
        logger.warning(
            "live joined notice not stored conv=%s", conversation_tag(handoff.conversation_id)
        )
    await _tell_visitor(
        app,
        handoff,
        {
            "type": "state",
            "state": handoffs.JOINED,
            "name": name,
            "message": message_from_event(notice),
        },
    )
    await publish_queue(app)
    logger.info("live event=joined conv=%s", conversation_tag(handoff.conversation_id))
    return handoff


async def staff_reply(app: web.Application, handoff: Handoff, account_id: int, text: str) -> dict:
    event = bot_event(text, {"kind": STAFF, "account": account_id, "name": handoff.staff_name})
    await _write(app, handoff, [event])
    message = message_from_event(event)
    await _tell_visitor(app, handoff, {"type": "message", "message": message})
    await app[LIVE_BUS].publish(
        STAFF_CHANNEL,
        {"type": "message", "handoff": handoff.id, "account": account_id, "message": message},
    )
    return message


async def _give_back(
    app: web.Application,
    handoff: Handoff,
    notice_for: Callable[[bool, str], dict],
    *,
    reopen_as: str,
    state: str,
) -> None:
    """The assistant takes the conversation back: the notice (built knowing whether a form
    is paused, in the conversation's language) and Rasa's resume are written together, or,
    with Rasa unreachable, the handoff is reopened as `reopen_as` and the error raised;
    then the pages are told."""
    try:
        events = await app[RASA].events(handoff.conversation_id)
        notice = notice_for(paused_form(events), events_language(events))
        await _write(app, handoff, [notice, {"event": "resume", "timestamp": time.time()}])
    except RasaUnavailable:
        await app[DATABASE].run(handoffs.reopen, handoff.id, reopen_as)
        raise
    await _tell_visitor(
        app, handoff, {"type": "state", "state": state, "message": message_from_event(notice)}
    )
    await publish_queue(app)


async def hand_back(app: web.Application, handoff_id: str, account_id: int) -> Optional[Handoff]:
    now = datetime.now(timezone.utc)
    handoff = await app[DATABASE].run(handoffs.end, handoff_id, account_id, now)
    if handoff is None:
        return None

    def notice_for(form_paused: bool, language: str) -> dict:
        name = handoff.staff_name or worded(OUR_STAFF_MEMBER, language)
        text = worded(HANDED_BACK, language).format(name=name)
        buttons = [resume_button(language)] if form_paused else None
        return bot_event(text, {"kind": NOTICE, "account": account_id}, buttons)

    await _give_back(app, handoff, notice_for, reopen_as=handoffs.JOINED, state=handoffs.ENDED)
    logger.info("live event=handed_back conv=%s", conversation_tag(handoff.conversation_id))
    return handoff


async def miss(app: web.Application, handoff: Handoff) -> None:
    """Nobody joined in time: say so, offer today's alternatives, give the assistant back."""
    profile = load_profile()

    def notice_for(form_paused: bool, language: str) -> dict:
        text = worded(MISSED, language).format(phone=profile.phone, hours=profile.hours)
        buttons = []
        if handoff.callback_offered:
            text += worded(MISSED_CALLBACK, language)
            buttons.append(callback_button(language))
        if form_paused:
            buttons.append(resume_button(language))
        return bot_event(text, {"kind": NOTICE}, buttons or None)

    # With Rasa unreachable the request waits again, for the next sweep.
    await _give_back(app, handoff, notice_for, reopen_as=handoffs.WAITING, state=handoffs.MISSED)
    logger.info("live event=missed conv=%s", conversation_tag(handoff.conversation_id))
