"""What the production stack stored, read back for assertions: Rasa's events, requests, outbox rows."""

from __future__ import annotations

from typing import List

from chat_visitor import Visitor
from sqlalchemy import text
from sqlalchemy.engine import Engine

from bot.launcher import Stack
from bot.rasa_client import history_messages
from bot.storage.appointments import list_requests
from clinic import event_data
from clinic.action_outbox import Outbox, OutboxRow


def service_logs(stack: Stack, lines: int = 15) -> str:
    """Every service's log tail: what a failing test prints to explain itself."""
    return "\n".join(f"--- {name}\n{stack.log_tail(name, lines)}" for name in stack.services)


def stored_events(engine: Engine, conversation_id: str) -> List[dict]:
    """The conversation's events as stored by Rasa's tracker store, decrypted, in storage order."""
    with engine.connect() as conn:
        rows = conn.execute(
            text("SELECT id, data FROM events WHERE sender_id = :sender ORDER BY id"),
            {"sender": conversation_id},
        ).all()
    return [event_data.decode(data) for _, data in rows]


def requests_of(engine: Engine, conversation_id: str) -> List[dict]:
    """The stored booking/callback requests of one conversation, decrypted."""
    return [r for r in list_requests(engine) if r["conversation_id"] == conversation_id]


def outbox_rows(stack: Stack, conversation_id: str) -> List[OutboxRow]:
    """The action servers' shared outbox (VAR_DIR/outbox.sqlite) rows of one conversation."""
    return [
        r
        for r in Outbox(stack.var_dir / "outbox.sqlite").all_rows()
        if r.conversation_id == conversation_id
    ]


def assert_conversation_complete(visitor: Visitor, events: List[dict]) -> None:
    """Every message the visitor sent and every bot message shown is stored once, in order."""
    stamps = [e["timestamp"] for e in events]
    assert stamps == sorted(stamps), "stored events are out of order"
    assert [e.get("text") for e in events if e["event"] == "user"] == visitor.sent
    assert [m["text"] for m in history_messages(events) if m["sender"] == "bot"] == visitor.shown
