"""A visitor's "delete my data": their conversation leaves the database; requests they sent stay.

The action server asks the app (DELETE /api/conversations/{id}, bot/api/conversations.py),
the app deletes in one transaction: the conversation's events from Rasa's tracker store,
and everything the staff console derived from them. Appointment and callback requests the
visitor already sent are kept: staff must still follow them up, and the visitor is told
so (with the references) and how to have them withdrawn.

The action returns SlotSet(ERASED_SLOT, True): the tracker store then does not write that
turn (components/tracker_store.py), so nothing of the conversation comes back.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Iterable, List

from sqlalchemy import delete, func, select
from sqlalchemy.engine import Connection, Engine

from bot.staff import audit
from bot.staff import tracker_events as te
from bot.staff.conversation_index import lock_index
from bot.storage.staff_tables import (
    staff_conversation_intents,
    staff_conversation_tags,
    staff_conversations,
    staff_search_tokens,
    staff_turn_corrections,
    staff_unanswered,
)
from bot.storage.tables import appointment_requests
from clinic.privacy_markers import ERASED_SLOT

__all__ = ["ERASED_SLOT", "ErasureResult", "erase_conversation", "forget_conversations"]

VISITOR_ACTOR = "visitor"
_CHUNK = 500

# Everything the console keeps per conversation (bot/storage/staff_tables.py).
CONVERSATION_TABLES = (
    staff_conversations,
    staff_conversation_intents,
    staff_search_tokens,
    staff_unanswered,
    staff_conversation_tags,
    staff_turn_corrections,
)


@dataclass(frozen=True)
class ErasureResult:
    events: int  # rows deleted from the tracker store
    visitor_messages: int  # of which the visitor's own messages
    kept_requests: List[
        str
    ]  # references of requests sent from this conversation, kept for follow-up


def forget_conversations(conn: Connection, sender_ids: Iterable[str]) -> int:
    """Delete the conversations' events and index rows in `conn`'s transaction; returns events deleted.

    Takes the conversation index's lock first, so an index batch read before this cannot
    write these conversations back.
    """
    senders = sorted(set(sender_ids))
    if not senders:
        return 0
    lock_index(conn)
    deleted = 0
    for start in range(0, len(senders), _CHUNK):
        chunk = senders[start : start + _CHUNK]
        if te.events_table_exists(conn):
            deleted += conn.execute(
                delete(te.events).where(te.events.c.sender_id.in_(chunk))
            ).rowcount
        for table in CONVERSATION_TABLES:
            conn.execute(delete(table).where(table.c.sender_id.in_(chunk)))
    return deleted


def erase_conversation(engine: Engine, sender_id: str, now: datetime) -> ErasureResult:
    with engine.begin() as conn:
        messages = 0
        if te.events_table_exists(conn):
            messages = conn.execute(
                select(func.count())
                .select_from(te.events)
                .where(te.events.c.sender_id == sender_id, te.events.c.type_name == "user")
            ).scalar_one()
        events = forget_conversations(conn, [sender_id])
        kept = (
            conn.execute(
                select(appointment_requests.c.reference)
                .where(appointment_requests.c.conversation_id == sender_id)
                .order_by(appointment_requests.c.id)
            )
            .scalars()
            .all()
        )
        audit.record(conn, VISITOR_ACTOR, "conversation_erased", sender_id, None, now)
    return ErasureResult(events, messages, list(kept))
