"""The conversations list: filters and triage order over the conversation index.

Order: crisis-flagged first, then risk-screened (issue 17), then unreviewed, then most
recent activity, then sender id (a total order); an index on exactly that order
(ix_staff_conversations_triage) lets a page stop after its rows.

Keyset pagination: a page after the first is read from its boundary key (the first row's
crisis, risk_screen, reviewed, last_at, sender_id), found off the triage index alone, so
the rows of the earlier pages are never visited or sorted.

Filtered by an intent, the list is read off that intent's rows instead
(staff_conversation_intents), which carry a copy of the triage key and their own index
(intent, then the triage order: ix_staff_conversation_intents_triage): the page is one
index range, whatever share of all conversations has the intent. A retrieval intent's
name (`faq`) has its own rows, one per conversation with any of its topics, so the filter
by all FAQ topics is one range too. Dates, the crisis and risk-screen flags and the
reviewed state are then checked on the intent rows; the other filters on the
conversation they belong to.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Dict, List, Optional, Tuple

from sqlalchemy import Table, and_, exists, false, func, or_, select, true
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
TRIAGE_FLAGS = ("crisis", "risk_screen", "reviewed")  # the triage order's first columns
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

    def keyed(self) -> Table:
        """The table the list is ordered from: the intent's rows with an intent filter
        (the triage key copied, indexed per intent), else the conversations."""
        return intents if self.intent else conversations

    def conditions(self) -> Tuple[list, list]:
        """(conditions on the keyed table, conditions on the conversations' own rows)."""
        k, c = self.keyed().c, conversations.c
        on_key, on_row = [], []
        if self.intent:
            on_key.append(k.intent == self.intent)
        if self.active_from:
            on_key.append(k.last_at >= self.active_from.timestamp())
        if self.active_to:
            on_key.append(k.last_at < self.active_to.timestamp())
        if self.flag == "crisis":
            on_key.append(k.crisis == true())
        elif self.flag == "risk_screen":
            on_key.append(k.risk_screen == true())
        elif self.flag == "fallback":
            on_row.append(c.fallbacks > 0)
        elif self.flag == "handoff":
            on_row.append(c.handoff == true())
        elif self.flag == "booked":
            on_row.append(booked_expression())
        if self.language:
            on_row.append(c.language == self.language)
        if self.reviewed is not None:
            on_key.append(k.reviewed == (true() if self.reviewed else false()))
        # A triage flag left free before one that is fixed (any crisis, but not reviewed):
        # the free one as IN (true, false), so SQLite reads each group's index range in
        # order instead of sorting everything after the free flag.
        fixed = {"crisis": self.flag == "crisis", "risk_screen": self.flag == "risk_screen"}
        fixed["reviewed"] = self.reviewed is not None
        last = max((n for n, name in enumerate(TRIAGE_FLAGS) if fixed[name]), default=0)
        on_key += [k[name].in_([True, False]) for name in TRIAGE_FLAGS[:last] if not fixed[name]]
        if self.tag:
            on_row.append(exists().where(tags.c.sender_id == c.sender_id, tags.c.tag == self.tag))
        for tokens in query_tokens(self.text, data_cipher())[:MAX_WORDS]:
            # Every word must appear somewhere in what the visitor typed. IN (subquery), not a
            # correlated EXISTS: SQLite then reads the word's few conversations off the token
            # index instead of probing every conversation in the date range.
            on_row.append(
                c.sender_id.in_(
                    select(search_tokens.c.sender_id).where(search_tokens.c.token.in_(tokens))
                )
            )
        return on_key, on_row


def booked_expression():
    return exists().where(appointment_requests.c.conversation_id == conversations.c.sender_id)


def triage_order(table: Table = conversations) -> list:
    k = table.c
    return [k.crisis.desc(), k.risk_screen.desc(), k.reviewed, k.last_at.desc(), k.sender_id]


# The triage groups in list order: (crisis, risk_screen, reviewed); crisis and risk screen
# first, unreviewed before reviewed.
GROUPS = tuple(
    (crisis, risk_screen, reviewed)
    for crisis in (True, False)
    for risk_screen in (True, False)
    for reviewed in (False, True)
)


def at_or_after(key, table: Table = conversations) -> object:
    """Rows at or after `key` (crisis, risk_screen, reviewed, last_at, sender_id) in triage
    order."""
    k = table.c
    crisis, risk_screen, reviewed, last_at, sender_id = key

    def group(crisis_flag: bool, risk_screen_flag: bool, reviewed_flag: bool):
        return and_(
            k.crisis == (true() if crisis_flag else false()),
            k.risk_screen == (true() if risk_screen_flag else false()),
            k.reviewed == (true() if reviewed_flag else false()),
        )

    here = GROUPS.index((bool(crisis), bool(risk_screen), bool(reviewed)))
    same_group = and_(
        group(*GROUPS[here]),
        or_(k.last_at < last_at, and_(k.last_at == last_at, k.sender_id >= sender_id)),
    )
    return or_(same_group, *(group(*later) for later in GROUPS[here + 1 :]))


def list_conversations(
    engine: Engine, filters: ConversationFilters, page: int, per_page: int
) -> Tuple[List[dict], int]:
    keyed = filters.keyed()
    on_key, on_row = filters.conditions()
    conditions = [*on_key, *on_row]
    # The conversations' rows are joined only when a condition or the page needs them.
    with_rows = (
        keyed
        if keyed is conversations
        else keyed.join(conversations, conversations.c.sender_id == keyed.c.sender_id)
    )
    narrowest = with_rows if on_row else keyed
    with engine.connect() as conn:
        skip = (page - 1) * per_page
        if skip:
            # The page's first key, read off the triage index (the key columns only).
            k = keyed.c
            boundary = conn.execute(
                select(k.crisis, k.risk_screen, k.reviewed, k.last_at, k.sender_id)
                .select_from(narrowest)
                .where(*conditions)
                .order_by(*triage_order(keyed))
                .limit(1)
                .offset(skip)
            ).first()
            if boundary is None:
                return [], _count(conn, narrowest, conditions)
            conditions_of_page = [*conditions, at_or_after(tuple(boundary), keyed)]
        else:
            conditions_of_page = conditions
        rows = _page(conn, with_rows, keyed, conditions_of_page, per_page)
        total = _count(conn, narrowest, conditions)
    return rows, total


def _count(conn, source, conditions: list) -> int:
    return conn.execute(select(func.count()).select_from(source).where(*conditions)).scalar_one()


def _page(conn, source, keyed: Table, conditions: list, per_page: int) -> List[dict]:
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
        .select_from(source)
        .where(*conditions)
        .order_by(*triage_order(keyed))
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
