"""Demo data: Rasa's own row format, and the `python -m bot demo-data` command."""

from __future__ import annotations

import os
import random
import subprocess
import sys

from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy import create_engine, func, select

from bot.staff.demo_data import create_events_table, tracker_store_row
from bot.staff.demo_scenarios import make_conversation
from bot.staff.tracker_events import events
from bot.storage.staff_tables import staff_conversations, staff_request_events
from bot.storage.tables import appointment_requests
from clinic import event_data
from clinic.reference_codes import REFERENCE_PATTERN
from clinic.settings import PROJECT_DIR
from tests.staff.conftest import START
from tests.staff.rasa_events import tracker_store

COLUMNS = ("sender_id", "type_name", "timestamp", "intent_name", "action_name", "data")


def decrypted(row: dict) -> dict:
    """A row with its encrypted data as the event's JSON (the ciphertext differs on every write)."""
    return {**row, "data": event_data.decode(row["data"])}


def stored_rows(engine, sender_id):
    with engine.connect() as conn:
        rows = conn.execute(
            select(*[events.c[c] for c in COLUMNS])
            .where(events.c.sender_id == sender_id)
            .order_by(events.c.id)
        ).all()
    return [decrypted(dict(zip(COLUMNS, r))) for r in rows]


async def test_demo_rows_are_what_rasa_writes(database_url, database):
    rng = random.Random(3)
    store = tracker_store(database_url)
    conversations = [make_conversation(rng, f"visitor-{n}", START + n * 600) for n in range(120)]
    assert {c.request is not None for c in conversations} == {True, False}
    for conversation in conversations:
        tracker = DialogueStateTracker.from_events(conversation.sender_id, conversation.events)
        await store.save(tracker)
        ours = [
            decrypted(tracker_store_row(conversation.sender_id, e)) for e in conversation.events
        ]
        assert stored_rows(database.engine, conversation.sender_id) == ours


def test_events_table_is_rasas(database):
    create_events_table(database.engine)
    create_events_table(database.engine)  # idempotent
    with database.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(events)).scalar() == 0


def test_demo_data_command(tmp_path):
    env = {
        **os.environ,
        "VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'clinic.db'}",
    }
    run = subprocess.run(
        [sys.executable, "-m", "bot", "demo-data", "--conversations", "400", "--days", "30"],
        capture_output=True,
        text=True,
        cwd=PROJECT_DIR,
        env=env,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    assert "wrote 400 conversations" in run.stdout
    engine = create_engine(env["DATABASE_URL"])
    with engine.connect() as conn:
        indexed = conn.execute(select(func.count()).select_from(staff_conversations)).scalar()
        flagged = conn.execute(
            select(func.count()).where(staff_conversations.c.fallbacks > 0)
        ).scalar()
        event_count = conn.execute(select(func.count()).select_from(events)).scalar()
        references = conn.execute(select(appointment_requests.c.reference)).scalars().all()
        statuses = set(conn.execute(select(appointment_requests.c.status)).scalars())
        history = conn.execute(select(func.count()).select_from(staff_request_events)).scalar()
        orphans = conn.execute(
            select(func.count())
            .select_from(appointment_requests)
            .where(
                appointment_requests.c.conversation_id.not_in(
                    select(staff_conversations.c.sender_id)
                )
            )
        ).scalar()
    engine.dispose()
    assert indexed == 400 and 15 * 400 < event_count < 35 * 400
    assert flagged > 0
    assert (
        references
        and all(REFERENCE_PATTERN.match(r) for r in references)
        and len(set(references)) == len(references)
    )
    assert "new" in statuses and len(statuses) > 1 and history > 0
    assert orphans == 0  # every request belongs to one of the conversations

    again = subprocess.run(
        [sys.executable, "-m", "bot", "demo-data", "--conversations", "10"],
        capture_output=True,
        text=True,
        cwd=PROJECT_DIR,
        env=env,
        timeout=300,
    )
    assert again.returncode == 1 and "already holds conversations" in again.stderr
