"""One conversation as staff read it: turns of events from Rasa's `events` table, with review data.

A turn starts at each visitor message and holds what the assistant did in reply: its
actions (with the policy's confidence), messages, slot changes and form events.
Bookkeeping (action_listen, session-start actions, the clinic-fact slots restated at
every session start) is left out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Dict, List, Optional

from sqlalchemy import delete, select, update
from sqlalchemy.engine import Engine

from bot.rasa_client import staff_name
from bot.staff import tracker_events as te
from bot.staff.conversation_index import copy_triage_key
from bot.storage.staff_tables import (
    staff_conversation_tags as tags_table,
)
from bot.storage.staff_tables import (
    staff_conversations as conversations,
)
from bot.storage.staff_tables import (
    staff_turn_corrections as corrections,
)
from bot.storage.tables import appointment_requests
from clinic.clock import as_utc

MAX_TAGS = 10


@dataclass
class Line:
    """One row of the transcript."""

    event_id: int
    at: float
    kind: str  # user | bot | action | slots | form | session | other
    text: str = ""
    intent: Optional[str] = None
    confidence: Optional[float] = None
    action: Optional[str] = None
    policy: Optional[str] = None
    buttons: List[str] = field(default_factory=list)
    slots: List[tuple] = field(default_factory=list)
    correction: Optional[dict] = None
    staff: Optional[str] = None  # a live-chat message typed by this member of staff (issue 20)


@dataclass
class Turn:
    lines: List[Line] = field(default_factory=list)


@dataclass
class Transcript:
    sender_id: str
    turns: List[Turn]
    summary: Optional[dict]  # the index row (flags, review state); None if not indexed yet
    tags: List[str]
    booked: List[tuple]  # (id, reference) of requests sent from this conversation
    corrections: Dict[int, dict]

    @property
    def event_count(self) -> int:
        return sum(len(t.lines) for t in self.turns)


def read_events(engine: Engine, sender_id: str) -> List[Any]:
    with engine.connect() as conn:
        if not te.events_table_exists(conn):
            return []
        return conn.execute(
            select(te.events).where(te.events.c.sender_id == sender_id).order_by(te.events.c.id)
        ).all()


def _line(row, data: dict) -> Optional[Line]:
    at = row.timestamp or 0.0
    kind = row.type_name
    if kind == "user":
        parse = data.get("parse_data") or {}
        return Line(
            row.id,
            at,
            "user",
            text=data.get("text") or "",
            intent=te.full_intent(parse) or row.intent_name,
            confidence=te.intent_confidence(parse),
        )
    if kind == "bot":
        extra = data.get("data") or {}
        buttons = [b.get("title", "") for b in (extra.get("buttons") or []) if isinstance(b, dict)]
        line = Line(row.id, at, "bot", text=data.get("text") or "", buttons=buttons)
        line.staff = staff_name(data)
        return line
    if kind == "action":
        if row.action_name in (te.LISTEN_ACTION, te.SESSION_START_ACTION):
            return None
        confidence = data.get("confidence")
        return Line(
            row.id,
            at,
            "action",
            action=row.action_name or data.get("name"),
            policy=data.get("policy"),
            confidence=float(confidence) if isinstance(confidence, (int, float)) else None,
        )
    if kind == "slot":
        name = data.get("name") or ""
        if name.startswith(te.CLINIC_FACT_SLOT_PREFIX):
            return None
        return Line(row.id, at, "slots", slots=[(name, data.get("value"))])
    if kind == "active_loop":
        name = data.get("name")
        return Line(row.id, at, "form", text=f"form {name} active" if name else "form ended")
    if kind == "session_started":
        return Line(row.id, at, "session", text="new session")
    if kind in ("user_featurization", "action_execution_rejected") or kind.startswith("entities"):
        return None
    return Line(row.id, at, "other", text=kind.replace("_", " "))


def build_turns(rows, corrections_by_event: Dict[int, dict]) -> List[Turn]:
    turns: List[Turn] = [Turn()]
    for row in rows:
        line = _line(row, te.decode(row.data))
        if line is None:
            continue
        line.correction = corrections_by_event.get(row.id)
        if line.kind == "user" and turns[-1].lines:
            turns.append(Turn())
        previous = turns[-1].lines[-1] if turns[-1].lines else None
        if line.kind == "slots" and previous is not None and previous.kind == "slots":
            previous.slots.extend(line.slots)  # one row per run of slot changes
            continue
        turns[-1].lines.append(line)
    return [t for t in turns if t.lines]


def load_corrections(engine: Engine, sender_id: str) -> Dict[int, dict]:
    with engine.connect() as conn:
        rows = conn.execute(select(corrections).where(corrections.c.sender_id == sender_id)).all()
    return {r.event_id: {**dict(r._mapping), "at": as_utc(r.at)} for r in rows}


def load_transcript(engine: Engine, sender_id: str) -> Optional[Transcript]:
    rows = read_events(engine, sender_id)
    if not rows:
        return None
    found = load_corrections(engine, sender_id)
    with engine.connect() as conn:
        summary = conn.execute(
            select(conversations).where(conversations.c.sender_id == sender_id)
        ).first()
        tags = (
            conn.execute(
                select(tags_table.c.tag)
                .where(tags_table.c.sender_id == sender_id)
                .order_by(tags_table.c.tag)
            )
            .scalars()
            .all()
        )
        booked = conn.execute(
            select(appointment_requests.c.id, appointment_requests.c.reference)
            .where(appointment_requests.c.conversation_id == sender_id)
            .order_by(appointment_requests.c.id)
        ).all()
    summary_dict = None
    if summary is not None:
        summary_dict = {**dict(summary._mapping), "reviewed_at": as_utc(summary.reviewed_at)}
    return Transcript(
        sender_id,
        build_turns(rows, found),
        summary_dict,
        list(tags),
        [(r.id, r.reference) for r in booked],
        found,
    )


# --- review actions ---------------------------------------------------------------------


def set_reviewed(engine: Engine, sender_id: str, reviewed: bool, actor: str, now: datetime) -> bool:
    """False when the conversation is not (yet) in the index."""
    with engine.begin() as conn:
        changed = conn.execute(
            update(conversations)
            .where(conversations.c.sender_id == sender_id)
            .values(
                reviewed=reviewed,
                reviewed_at=now if reviewed else None,
                reviewed_by=actor if reviewed else None,
            )
        ).rowcount
        if changed == 1:  # its place in the list filtered by an intent, too
            copy_triage_key(conn, [sender_id])
    return changed == 1


def normalize_tags(text: str) -> List[str]:
    tags = []
    for raw in text.replace(";", ",").split(","):
        tag = " ".join(raw.strip().lower().split())[:40]
        if tag and tag not in tags:
            tags.append(tag)
    if len(tags) > MAX_TAGS:
        raise ValueError(f"at most {MAX_TAGS} tags")
    return tags


def set_tags(engine: Engine, sender_id: str, tags: List[str]) -> None:
    with engine.begin() as conn:
        conn.execute(delete(tags_table).where(tags_table.c.sender_id == sender_id))
        if tags:
            conn.execute(tags_table.insert(), [{"sender_id": sender_id, "tag": t} for t in tags])


def event_kind(engine: Engine, sender_id: str, event_id: int) -> Optional[str]:
    """The type of one of this conversation's events (user, bot, ...), None if not one of its events."""
    with engine.connect() as conn:
        return conn.execute(
            select(te.events.c.type_name).where(
                te.events.c.id == event_id, te.events.c.sender_id == sender_id
            )
        ).scalar()


def save_correction(
    engine: Engine,
    sender_id: str,
    event_id: int,
    kind: str,
    corrected: Optional[str],
    comment: Optional[str],
    author: str,
    now: datetime,
) -> None:
    """One verdict per event: a later one replaces it."""
    values = dict(
        sender_id=sender_id,
        event_id=event_id,
        kind=kind,
        corrected=corrected or None,
        comment=(comment or "").strip()[:1000] or None,
        author=author,
        at=now,
    )
    with engine.begin() as conn:
        conn.execute(delete(corrections).where(corrections.c.event_id == event_id))
        conn.execute(corrections.insert().values(**values))


def clear_correction(engine: Engine, sender_id: str, event_id: int) -> None:
    with engine.begin() as conn:
        conn.execute(
            delete(corrections).where(
                corrections.c.event_id == event_id, corrections.c.sender_id == sender_id
            )
        )
