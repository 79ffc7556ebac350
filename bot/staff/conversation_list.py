"""The conversations list: filters and triage order over the conversation index.

Order: crisis-flagged first, then risk-screened (issue 17), then unreviewed, then most recent activity; an index on
exactly that order (ix_staff_conversations_triage) lets a page stop after its rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Dict, List, Optional, Tuple

from sqlalchemy import exists, false, func, select, true
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
        if self.reviewed is not None:
            found.append(c.reviewed == (true() if self.reviewed else false()))
        if self.intent:
            same = intents.c.intent == self.intent
            if "/" not in self.intent:
                same = same | intents.c.intent.like(escape_like(self.intent) + "/%", escape="\\")
            found.append(exists().where(intents.c.sender_id == c.sender_id, same))
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


def escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def booked_expression():
    return exists().where(appointment_requests.c.conversation_id == conversations.c.sender_id)


def list_conversations(
    engine: Engine, filters: ConversationFilters, page: int, per_page: int
) -> Tuple[List[dict], int]:
    c = conversations.c
    conditions = filters.conditions()
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
            c.reviewed,
            c.reviewed_by,
            booked_expression().label("booked"),
        )
        .where(*conditions)
        .order_by(c.crisis.desc(), c.risk_screen.desc(), c.reviewed, c.last_at.desc())
        .limit(per_page)
        .offset((page - 1) * per_page)
    )
    with engine.connect() as conn:
        rows = [dict(r._mapping) for r in conn.execute(query)]
        total = conn.execute(
            select(func.count()).select_from(conversations).where(*conditions)
        ).scalar_one()
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
    return rows, total


def all_tags(engine: Engine) -> List[str]:
    with engine.connect() as conn:
        return list(conn.execute(select(tags.c.tag).distinct().order_by(tags.c.tag)).scalars())
