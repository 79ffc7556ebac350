"""The conversation index: one row per conversation, kept up to date by tailing Rasa's `events`.

Each update reads the events after the last one indexed (by id, Rasa's insertion order)
and folds them into per-conversation summaries (dates, counts, flags, intents, the
blind-index tokens of the visitor's words, unanswered messages). List pages then query the summaries, never the
events. Each intent row carries a copy of its conversation's triage key (crisis, risk
screen, reviewed, last activity: copy_triage_key), for the list filtered by an intent.
Safe with several app processes: the watermark moves by compare-and-set in the same
transaction as the summaries, so a batch is applied once.

On PostgreSQL an id can become visible after a higher one (transactions commit out of
order); skipped ids are remembered as gaps and re-read for GAP_TTL_S seconds.

Events are decrypted here, in memory; nothing the visitor typed is stored in plain text
(first and unanswered messages encrypted, search through blind-index tokens, issue 7).
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from typing import Dict, Iterable, List, Optional, Set, Tuple

from sqlalchemy import bindparam, func, insert, or_, select, update
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError

from bot.staff import tracker_events as te
from bot.staff.search_terms import stored_tokens
from bot.storage.notification_outbox import enqueue_crisis_notice, enqueue_risk_screen_notice
from bot.storage.staff_tables import (
    staff_conversation_intents as intents_table,
)
from bot.storage.staff_tables import (
    staff_conversations as conversations,
)
from bot.storage.staff_tables import (
    staff_index_state as state_table,
)
from bot.storage.staff_tables import (
    staff_search_tokens as tokens_table,
)
from bot.storage.staff_tables import (
    staff_unanswered as unanswered_table,
)
from clinic.clock import utc_from_epoch
from clinic.field_crypto import DataCipher, data_cipher
from clinic.language import LANGUAGES

BATCH_SIZE = 20_000
GAP_TTL_S = 120.0
FIRST_MESSAGE_CHARS = 300
UNANSWERED_CHARS = 300
_CHUNK = 500  # ids per IN (...) query


@dataclass
class Summary:
    """One conversation's row while a batch is folded into it."""

    sender_id: str
    started_at: float
    last_at: float
    event_count: int = 0
    user_messages: int = 0
    first_message: Optional[str] = None
    last_user_event_id: Optional[int] = None
    crisis: bool = False
    risk_screen: bool = False
    fallbacks: int = 0
    handoff: bool = False
    booking_started: bool = False
    language: Optional[str] = None  # the language slot's latest value (issue 19)
    stored: bool = False  # already a row (UPDATE) or new (INSERT)
    tokens: Set[str] = field(
        default_factory=set
    )  # blind-index tokens of the words this batch typed
    flagged_at: Optional[float] = (
        None  # set when this batch flags a conversation not flagged before
    )
    intents: Dict[str, int] = field(default_factory=dict)  # counts added by this batch
    screened_at: Optional[float] = None  # set when this batch flags a first risk screen

    def flag_crisis(self, ts: float) -> None:
        if not self.crisis:
            self.crisis, self.flagged_at = True, ts

    def flag_risk_screen(self, ts: float) -> None:
        if not self.risk_screen:
            self.risk_screen, self.screened_at = True, ts

    def row(self) -> dict:
        return {
            "sender_id": self.sender_id,
            "started_at": self.started_at,
            "last_at": self.last_at,
            "event_count": self.event_count,
            "user_messages": self.user_messages,
            "first_message": self.first_message,
            "last_user_event_id": self.last_user_event_id,
            "crisis": self.crisis,
            "risk_screen": self.risk_screen,
            "fallbacks": self.fallbacks,
            "handoff": self.handoff,
            "booking_started": self.booking_started,
            "language": self.language,
        }


# The conversation's columns the list is ordered by, copied into its intent rows.
TRIAGE_KEY = ("crisis", "risk_screen", "reviewed", "last_at")


def counted_intents(intent: Optional[str]) -> Tuple[str, ...]:
    """The intent rows a visitor message counts in: its intent, and for a retrieval intent's
    topic (faq/relief_speed) the retrieval intent too (faq), so that a filter by `faq` is
    one intent: every conversation with a faq message, whatever its topic."""
    if not intent:
        return ()
    parent, slash, topic = intent.partition("/")
    return (intent, parent) if slash and parent and topic else (intent,)


def copy_triage_key(conn: Connection, sender_ids: List[str]) -> None:
    """Copy these conversations' triage key (crisis, risk screen, reviewed, last activity)
    into their intent rows, from the conversations' rows as stored in this transaction."""
    key = {
        name: select(conversations.c[name])
        .where(conversations.c.sender_id == intents_table.c.sender_id)
        .scalar_subquery()
        for name in TRIAGE_KEY
    }
    for chunk in _chunks(sorted(sender_ids)):
        conn.execute(update(intents_table).where(intents_table.c.sender_id.in_(chunk)).values(key))


def normalize_message(text: str) -> str:
    """Lower-case, collapsed spaces: the same question typed twice counts as one."""
    return re.sub(r"\s+", " ", text.strip().lower())[:UNANSWERED_CHARS]


def _load_state(engine: Engine) -> Tuple[int, Dict[int, float]]:
    with engine.connect() as conn:
        row = conn.execute(
            select(state_table.c.last_event_id, state_table.c.gaps).where(state_table.c.id == 1)
        ).first()
    if row is not None:
        return row.last_event_id, {int(k): v for k, v in (row.gaps or {}).items()}
    try:
        with engine.begin() as conn:
            conn.execute(insert(state_table).values(id=1, last_event_id=0, gaps={}))
    except IntegrityError:  # another process created it first
        return _load_state(engine)
    return 0, {}


def indexed_up_to(engine: Engine) -> Tuple[int, int]:
    """(last event id indexed, newest event id): how far behind the index is."""
    with engine.connect() as conn:
        last = (
            conn.execute(select(state_table.c.last_event_id).where(state_table.c.id == 1)).scalar()
            or 0
        )
        newest = (
            conn.execute(select(func.max(te.events.c.id))).scalar()
            if te.events_table_exists(conn)
            else None
        )
    return last, newest or 0


def update_index(
    engine: Engine,
    batch_size: int = BATCH_SIZE,
    now: Optional[float] = None,
    crisis_notices: bool = False,
) -> int:
    """Fold the next batch of new events into the index; returns how many were applied.

    With `crisis_notices`, a conversation flagged for the first time gets its staff
    notification queued in the same transaction (bot/notifications): once per conversation,
    as each batch is applied once.

    Reads without a lock, then writes in one short transaction that first claims the
    watermark (compare-and-set): the database's write lock, which Rasa's tracker store
    also needs, is held only while the summaries are written.
    """
    now = time.time() if now is None else now
    last, stored_gaps = _load_state(engine)
    with engine.connect() as conn:
        if not te.events_table_exists(conn):
            return 0  # Rasa has not started on this database yet
        gaps = {i: seen for i, seen in stored_gaps.items() if now - seen < GAP_TTL_S}
        wanted = te.events.c.id > last
        if gaps:
            wanted = or_(wanted, te.events.c.id.in_(list(gaps)))
        rows = conn.execute(
            select(te.events).where(wanted).order_by(te.events.c.id).limit(batch_size)
        ).all()
    seen = {r.id for r in rows}
    for gap in seen & set(gaps):
        del gaps[gap]
    expected = last + 1
    for row_id in sorted(i for i in seen if i > last):
        gaps.update({missing: now for missing in range(expected, row_id)})
        expected = row_id + 1
    if not rows and gaps == stored_gaps:
        return 0
    new_last = max([last, *seen])
    with engine.begin() as conn:
        if not _move_watermark(conn, last, new_last, gaps):
            return 0  # another process applied this batch
        rows = _still_stored(conn, rows)
        if rows:
            crisis, screened = _fold(conn, rows)
            if crisis_notices:
                for sender_id, flagged_at in crisis.items():
                    enqueue_crisis_notice(conn, sender_id, utc_from_epoch(flagged_at))
                for sender_id, flagged_at in screened.items():
                    enqueue_risk_screen_notice(conn, sender_id, utc_from_epoch(flagged_at))
    return len(rows)


def lock_index(conn: Connection) -> None:
    """Take the index's write lock in `conn`'s transaction: a deletion of events (bot/privacy)
    does this first, so a batch read before it cannot write those events' summaries after it."""
    conn.execute(
        update(state_table)
        .where(state_table.c.id == 1)
        .values(last_event_id=state_table.c.last_event_id)
    )


def _still_stored(conn: Connection, rows) -> list:
    """The rows whose events were not deleted since they were read (checked under the lock)."""
    present: Set[int] = set()
    ids = [r.id for r in rows]
    for start in range(0, len(ids), _CHUNK):
        present.update(
            conn.execute(
                select(te.events.c.id).where(te.events.c.id.in_(ids[start : start + _CHUNK]))
            ).scalars()
        )
    return [r for r in rows if r.id in present] if len(present) < len(rows) else rows


def _move_watermark(conn: Connection, old: int, new: int, gaps: Dict[int, float]) -> bool:
    moved = conn.execute(
        update(state_table)
        .where(state_table.c.id == 1, state_table.c.last_event_id == old)
        .values(last_event_id=new, gaps={str(k): v for k, v in gaps.items()})
    ).rowcount
    return moved == 1


def _chunks(items: List[str]) -> Iterable[List[str]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


def _load_summaries(conn: Connection, rows) -> Dict[str, Summary]:
    senders = sorted({r.sender_id for r in rows})
    first_ts = {}
    for r in rows:
        first_ts.setdefault(r.sender_id, r.timestamp or 0.0)
    summaries = {s: Summary(s, first_ts[s], first_ts[s]) for s in senders}
    for chunk in _chunks(senders):
        for row in conn.execute(select(conversations).where(conversations.c.sender_id.in_(chunk))):
            s = summaries[row.sender_id]
            for key in Summary.__dataclass_fields__:
                if key in row._mapping and key != "sender_id":
                    setattr(s, key, row._mapping[key])
            s.stored = True
    return summaries


def _fold(conn: Connection, rows) -> Tuple[Dict[str, float], Dict[str, float]]:
    """Apply the rows; returns the conversations this batch flagged first, with when: for
    crisis, and for risk screen."""
    summaries = _load_summaries(conn, rows)
    cipher = data_cipher()
    unanswered: Dict[int, dict] = {}
    user_texts: Dict[
        int, tuple
    ] = {}  # this batch's typed messages (text, time), for a fallback action
    for row in rows:
        s = summaries[row.sender_id]
        ts = row.timestamp or s.last_at
        s.event_count += 1
        s.started_at, s.last_at = min(s.started_at, ts), max(s.last_at, ts)
        data = te.decode(row.data)
        if row.type_name == "user":
            _fold_user(s, row, data, ts, unanswered, user_texts, cipher)
        elif (
            row.type_name == "action"
            and row.action_name == te.FALLBACK_ACTION
            and s.last_user_event_id
        ):
            _mark_unanswered(conn, s, s.last_user_event_id, unanswered, user_texts, cipher)
        elif (
            row.type_name == "slot"
            and data.get("name") == te.CRISIS_SLOT
            and data.get("value") is True
        ):
            s.flag_crisis(ts)
        elif (
            row.type_name == "slot"
            and data.get("name") == te.RISK_SCREEN_SLOT
            and data.get("value") is True
        ):
            s.flag_risk_screen(ts)
        elif row.type_name == "slot" and data.get("name") == te.LANGUAGE_SLOT:
            value = data.get("value")
            s.language = value if value in LANGUAGES else s.language
        elif row.type_name == "active_loop" and data.get("name") == te.BOOKING_FORM:
            s.booking_started = True
    _write(conn, summaries, unanswered)
    values = summaries.values()
    return (
        {s.sender_id: s.flagged_at for s in values if s.flagged_at is not None},
        {s.sender_id: s.screened_at for s in values if s.screened_at is not None},
    )


def unanswered_row(event_id: int, sender_id: str, at: float, text: str, cipher: DataCipher) -> dict:
    normalized = normalize_message(text)
    return {
        "event_id": event_id,
        "sender_id": sender_id,
        "at": at,
        "text": normalized,
        "text_key": cipher.blind(normalized),
    }


def _fold_user(
    s: Summary, row, data: dict, ts: float, unanswered: dict, user_texts: dict, cipher: DataCipher
) -> None:
    s.user_messages += 1
    s.last_user_event_id = row.id
    text = data.get("text") or ""
    intent = te.full_intent(data.get("parse_data") or {}) or row.intent_name
    for counted in counted_intents(intent):
        s.intents[counted] = s.intents.get(counted, 0) + 1
    if intent == te.HANDOFF_INTENT:
        s.handoff = True
    if intent == te.CRISIS_INTENT:
        s.flag_crisis(ts)
    elif intent == te.RISK_SCREEN_INTENT:
        s.flag_risk_screen(ts)
    if te.is_typed_text(text):
        user_texts[row.id] = (text, ts)
        if s.first_message is None:
            s.first_message = text[:FIRST_MESSAGE_CHARS]
        s.tokens |= stored_tokens(text, cipher)
    if intent == te.FALLBACK_INTENT and te.is_typed_text(text):
        unanswered[row.id] = unanswered_row(row.id, s.sender_id, ts, text, cipher)
        s.fallbacks += 1


def _mark_unanswered(
    conn: Connection,
    s: Summary,
    user_event_id: int,
    unanswered: dict,
    user_texts: dict,
    cipher: DataCipher,
) -> None:
    """The fallback action answered the visitor's last message: count it once."""
    if user_event_id in unanswered:
        return
    if conn.execute(
        select(unanswered_table.c.event_id).where(unanswered_table.c.event_id == user_event_id)
    ).first():
        return
    if user_event_id in user_texts:
        text, at = user_texts[user_event_id]
    else:  # the message came in an earlier batch
        row = conn.execute(
            select(te.events.c.data, te.events.c.timestamp).where(te.events.c.id == user_event_id)
        ).first()
        text, at = (
            (te.decode(row.data).get("text") or "", row.timestamp) if row else ("", s.last_at)
        )
    s.fallbacks += 1
    if te.is_typed_text(text):
        unanswered[user_event_id] = unanswered_row(
            user_event_id, s.sender_id, at or s.last_at, text, cipher
        )


def _write(conn: Connection, summaries: Dict[str, Summary], unanswered: Dict[int, dict]) -> None:
    new = [s.row() for s in summaries.values() if not s.stored]
    old = [s.row() for s in summaries.values() if s.stored]
    if new:
        conn.execute(insert(conversations), [{**r, "reviewed": False} for r in new])
    if old:
        # Bind names differ from the column names: SQLAlchemy reserves those for SET.
        columns = [k for k in old[0] if k != "sender_id"]
        conn.execute(
            update(conversations)
            .where(conversations.c.sender_id == bindparam("key"))
            .values({k: bindparam("v_" + k) for k in columns}),
            [{"key": r["sender_id"], **{"v_" + k: r[k] for k in columns}} for r in old],
        )
    add_search_tokens(conn, {s.sender_id: s.tokens for s in summaries.values() if s.tokens})
    _write_intents(conn, summaries)
    # After the conversations' rows: their new last activity and flags, and the reviewed
    # state as stored (a reviewer may have marked a conversation since this batch was read).
    copy_triage_key(conn, list(summaries))
    if unanswered:
        conn.execute(insert(unanswered_table), list(unanswered.values()))


def add_search_tokens(conn: Connection, tokens: Dict[str, Set[str]]) -> None:
    """Insert the (conversation, token) pairs not stored yet."""
    if not tokens:
        return
    existing: Set[Tuple[str, str]] = set()
    for chunk in _chunks(sorted(tokens)):
        existing.update(
            conn.execute(
                select(tokens_table.c.sender_id, tokens_table.c.token).where(
                    tokens_table.c.sender_id.in_(chunk)
                )
            ).all()
        )
    new = [
        {"sender_id": s, "token": t}
        for s, found in tokens.items()
        for t in sorted(found)
        if (s, t) not in existing
    ]
    if new:
        conn.execute(insert(tokens_table), new)


def _write_intents(conn: Connection, summaries: Dict[str, Summary]) -> None:
    added = {(s.sender_id, i): n for s in summaries.values() for i, n in s.intents.items()}
    if not added:
        return
    existing: Set[Tuple[str, str]] = set()
    for chunk in _chunks(sorted({sender for sender, _ in added})):
        existing.update(
            conn.execute(
                select(intents_table.c.sender_id, intents_table.c.intent).where(
                    intents_table.c.sender_id.in_(chunk)
                )
            ).all()
        )
    inserts = [
        {"sender_id": s, "intent": i, "count": n}
        for (s, i), n in added.items()
        if (s, i) not in existing
    ]
    updates = [{"s": s, "i": i, "n": n} for (s, i), n in added.items() if (s, i) in existing]
    if inserts:
        conn.execute(insert(intents_table), inserts)
    if updates:
        conn.execute(
            update(intents_table)
            .where(
                intents_table.c.sender_id == bindparam("s"),
                intents_table.c.intent == bindparam("i"),
            )
            .values(count=intents_table.c.count + bindparam("n")),
            updates,
        )
