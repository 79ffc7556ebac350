"""The conversations list: filters and triage order over the conversation index.

Order: crisis-flagged first, then risk-screened (issue 17), then unreviewed, then most
recent activity, then sender id (a total order); an index on exactly that order
(ix_staff_conversations_triage) lets a page stop after its rows.

Keyset pagination: a page after the first is read from its boundary key (the first row's
crisis, risk_screen, reviewed, last_at, sender_id), found off the triage index alone, so
the rows of the earlier pages are never visited or sorted. An intent filter is an IN over
the intent index (intent, sender_id): the matching conversations come off one index range
(a parent intent `faq`: two ranges, itself and `faq/...`) instead of a probe per
conversation.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Dict, List, Optional, Tuple

from sqlalchemy import and_, exists, false, func, or_, select, true
from sqlalchemy.engine import Engine

from bot.staff.search_terms import query_tokens
from bot.storage.staff_tables import (
    staff_conversation_intents as intents,
)
from bot.storage.staff_tables import (
    staff_conversation_tags as tags,
)
from bot.storage.staff_tables import (
    staff_conversations as conversations,
)
from bot.storage.staff_tables import (
    staff_search_tokens as search_tokens,
)
from bot.storage.tables import appointment_requests
from clinic.field_crypto import data_cipher

FLAGS = ("crisis", "risk_screen", "booked", "fallback", "handoff")
MAX_SEARCH = 100
MAX_WORDS = 5


@dataclass(frozen=True)
class ConversationFilters:
    # Dates are of the last activity (the list's "last activity" column), both bounds on
    # one indexed column so a range is one index range scan.
    active_from: Optional[datetime] = None  # aware, inclusive
    active_to: Optional[datetime] = None  # aware, exclusive
    flag: str = ""
    reviewed: Optional[bool] = None
    intent: str = ""  # exact, or a retrieval intent's parent (faq) for all its topics
    tag: str = ""
    text: str = ""  # whole words the visitor typed (blind index: bot/staff/search_terms.py)
    language: str = ""  # "en" / "es" (issue 19)

    def conditions(self) -> list:
        c = conversations.c
        found = []
        if self.active_from:
            found.append(c.last_at >= self.active_from.timestamp())
        if self.active_to:
            found.append(c.last_at < self.active_to.timestamp())
        if self.flag == "crisis":
            found.append(c.crisis == true())
        elif self.flag == "risk_screen":
            found.append(c.risk_screen == true())
        elif self.flag == "fallback":
            found.append(c.fallbacks > 0)
        elif self.flag == "handoff":
            found.append(c.handoff == true())
        elif self.flag == "booked":
            found.append(booked_expression())
        if self.language:
            found.append(c.language == self.language)
        if self.reviewed is not None:
            found.append(c.reviewed == (true() if self.reviewed else false()))
        if self.intent:
            with_intent = select(intents.c.sender_id).where(intents.c.intent == self.intent)
            if "/" not in self.intent:  # a retrieval intent's topics: "faq/" <= x < "faq0"
                with_intent = with_intent.union(
                    select(intents.c.sender_id).where(
                        intents.c.intent >= self.intent + "/", intents.c.intent < self.intent + "0"
                    )
                )
            found.append(c.sender_id.in_(with_intent))
        if self.tag:
            found.append(exists().where(tags.c.sender_id == c.sender_id, tags.c.tag == self.tag))
        for tokens in query_tokens(self.text, data_cipher())[:MAX_WORDS]:
            # Every word must appear somewhere in what the visitor typed. IN (subquery), not a
            # correlated EXISTS: SQLite then reads the word's few conversations off the token
            # index instead of probing every conversation in the date range.
            found.append(
                c.sender_id.in_(
                    select(search_tokens.c.sender_id).where(search_tokens.c.token.in_(tokens))
                )
            )
        return found


def booked_expression():
    return exists().where(appointment_requests.c.conversation_id == conversations.c.sender_id)


def triage_order() -> list:
    c = conversations.c
    return [c.crisis.desc(), c.risk_screen.desc(), c.reviewed, c.last_at.desc(), c.sender_id]


# The triage groups in list order: (crisis, risk_screen, reviewed); crisis and risk screen
# first, unreviewed before reviewed.
GROUPS = tuple(
    (crisis, risk_screen, reviewed)
    for crisis in (True, False)
    for risk_screen in (True, False)
    for reviewed in (False, True)
)


def at_or_after(key) -> object:
    """Rows at or after `key` (crisis, risk_screen, reviewed, last_at, sender_id) in triage
    order."""
    c = conversations.c
    crisis, risk_screen, reviewed, last_at, sender_id = key

    def group(crisis_flag: bool, risk_screen_flag: bool, reviewed_flag: bool):
        return and_(
            c.crisis == (true() if crisis_flag else false()),
            c.risk_screen == (true() if risk_screen_flag else false()),
            c.reviewed == (true() if reviewed_flag else false()),
        )

    here = GROUPS.index((bool(crisis), bool(risk_screen), bool(reviewed)))
    same_group = and_(
        group(*GROUPS[here]),
        or_(c.last_at < last_at, and_(c.last_at == last_at, c.sender_id >= sender_id)),
    )
    return or_(same_group, *(group(*later) for later in GROUPS[here + 1 :]))


def list_conversations(
    engine: Engine, filters: ConversationFilters, page: int, per_page: int
) -> Tuple[List[dict], int]:
    c = conversations.c
    conditions = filters.conditions()
    with engine.connect() as conn:
        skip = (page - 1) * per_page
        if skip:
            # The page's first key, read off the triage index (the key columns only).
            boundary = conn.execute(
                select(c.crisis, c.risk_screen, c.reviewed, c.last_at, c.sender_id)
                .where(*conditions)
                .order_by(*triage_order())
                .limit(1)
                .offset(skip)
            ).first()
            if boundary is None:
                return [], _count(conn, conditions)
            conditions_of_page = [*conditions, at_or_after(tuple(boundary))]
        else:
            conditions_of_page = conditions
        rows, total = _page(conn, conditions_of_page, per_page), _count(conn, conditions)
    return rows, total


def _count(conn, conditions: list) -> int:
    return conn.execute(
        select(func.count()).select_from(conversations).where(*conditions)
    ).scalar_one()


def _page(conn, conditions: list, per_page: int) -> List[dict]:
    c = conversations.c
    query = (
        select(
            c.sender_id,
            c.started_at,
            c.last_at,
            c.user_messages,
            c.first_message,
            c.crisis,
            c.risk_screen,
            c.fallbacks,
            c.handoff,
            c.booking_started,
            c.language,
            c.reviewed,
            c.reviewed_by,
            booked_expression().label("booked"),
        )
        .where(*conditions)
        .order_by(*triage_order())
        .limit(per_page)
    )
    rows = [dict(r._mapping) for r in conn.execute(query)]
    tag_map: Dict[str, List[str]] = {}
    if rows:
        for sender_id, tag in conn.execute(
            select(tags.c.sender_id, tags.c.tag)
            .where(tags.c.sender_id.in_([r["sender_id"] for r in rows]))
            .order_by(tags.c.tag)
        ):
            tag_map.setdefault(sender_id, []).append(tag)
    for row in rows:
        row["tags"] = tag_map.get(row["sender_id"], [])
    return rows


def all_tags(engine: Engine) -> List[str]:
    with engine.connect() as conn:
        return list(conn.execute(select(tags.c.tag).distinct().order_by(tags.c.tag)).scalars())
