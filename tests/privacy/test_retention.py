"""Retention: `python -m bot purge` removes old transcripts and old closed requests, and says so in the audit log."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import func, insert, select, update

from bot.privacy.retention import parse_period, purge
from bot.staff.audit import list_entries
from bot.staff.conversation_index import update_index
from bot.staff.tracker_events import events
from bot.storage.appointments import store_request
from bot.storage.staff_tables import staff_conversations, staff_request_events
from bot.storage.tables import appointment_requests
from clinic.action_outbox import Outbox
from clinic.settings import PROJECT_DIR
from tests.privacy.test_delete_my_data import chat, nothing_stored, stored, turn

NOW = datetime.now(timezone.utc).replace(microsecond=0)  # the purge command uses the real clock
DAY = 86400.0


def at(days_ago: float) -> float:
    return NOW.timestamp() - days_ago * DAY


def add_request(engine, reference, days_ago, status, touched_days_ago=None):
    store_request(
        engine,
        {
            "kind": "booking",
            "reference": reference,
            "conversation_id": f"conv-{reference}",
            "full_name": "Pat Doe",
            "phone": "+12145550100",
            "contact_consent": True,
        },
        f"key-{reference}",
        notify=False,
    )
    created = NOW - timedelta(days=days_ago)
    with engine.begin() as conn:
        conn.execute(
            update(appointment_requests)
            .where(appointment_requests.c.reference == reference)
            .values(created_at=created, status=status)
        )
        request_id = conn.execute(
            select(appointment_requests.c.id).where(appointment_requests.c.reference == reference)
        ).scalar()
        if touched_days_ago is not None:
            conn.execute(
                insert(staff_request_events).values(
                    request_id=request_id,
                    at=NOW - timedelta(days=touched_days_ago),
                    actor="alice",
                    old_status="scheduled",
                    new_status=status,
                )
            )


def references(engine):
    with engine.connect() as conn:
        return sorted(conn.execute(select(appointment_requests.c.reference)).scalars())


@pytest.fixture
async def history(store, database):
    await chat(store, "old-visit", "a question from long ago", start=at(120))
    await chat(store, "recent-visit", "a question from last week", start=at(7))
    await chat(store, "came-back", "first visit", start=at(200))
    came_back = await store.retrieve("came-back")
    turn(
        came_back, "and again today", "inform", "Noted.", at(0.1)
    )  # same conversation, recent activity
    await store.save(came_back)
    update_index(database.engine, now=NOW.timestamp())
    add_request(database.engine, "NTX-CL0SE", days_ago=150, status="closed", touched_days_ago=120)
    add_request(
        database.engine, "NTX-0PEN1", days_ago=150, status="new"
    )  # open: staff must still act
    add_request(database.engine, "NTX-T0UCH", days_ago=150, status="closed", touched_days_ago=10)
    add_request(database.engine, "NTX-REC3N", days_ago=20, status="closed")


def test_purge_removes_what_is_past_retention_and_keeps_the_rest(history, database, var_dir):
    outbox = Outbox(var_dir / "outbox.sqlite")
    for key, status in (("done", "delivered"), ("broken", "failed"), ("waiting", "pending")):
        row = outbox.enqueue(key, "booking", "NTX-00000", "c", {"full_name": "Pat Doe"})
        if status == "delivered":
            outbox.mark_delivered(row.id, "NTX-00000")
        elif status == "failed":
            outbox.mark_failed(row.id, "http 422 field=phone")
    result = purge(database.engine, NOW - timedelta(days=90), "cli:operator", NOW, outbox=outbox)
    # The outbox rows were made just now: none is past the cutoff yet; later, only finished ones go.
    assert (result.conversations, result.requests, result.outbox_rows) == (1, 1, 0)
    assert result.events == 3 + 4
    assert nothing_stored(database.engine, "old-visit")
    assert (
        stored(database.engine, "recent-visit")["events"]
        and stored(database.engine, "came-back")["events"] == 11
    )
    assert references(database.engine) == ["NTX-0PEN1", "NTX-REC3N", "NTX-T0UCH"]
    with database.engine.connect() as conn:
        assert (
            conn.execute(select(func.count()).select_from(staff_request_events)).scalar() == 1
        )  # NTX-T0UCH's
    entries, _ = list_entries(database.engine, action="retention_purge")
    assert [e.actor for e in entries] == ["cli:operator"]
    assert "1 conversations (7 events), 1 closed requests" in entries[0].target
    assert outbox.purge_finished(time.time() + 1) == 2 and [
        r.status for r in outbox.all_rows()
    ] == ["pending"]


@pytest.mark.parametrize("text, days", [("90d", 90), ("30", 30), (" 7d ", 7)])
def test_periods(text, days):
    assert parse_period(text) == timedelta(days=days)


@pytest.mark.parametrize("text", ["0d", "-5d", "ninety", "90h", ""])
def test_bad_periods(text):
    with pytest.raises(ValueError):
        parse_period(text)


def test_purge_command(history, database, database_url, var_dir, data_key):
    env = {
        **os.environ,
        "VAR_DIR": str(var_dir),
        "DATABASE_URL": database_url,
        "DATA_ENCRYPTION_KEYS": data_key,
    }
    dry = subprocess.run(
        [sys.executable, "-m", "bot", "purge", "--older-than", "90d", "--dry-run"],
        capture_output=True,
        text=True,
        cwd=PROJECT_DIR,
        env=env,
        timeout=120,
    )
    assert dry.returncode == 0, dry.stderr
    assert "would delete 1 conversations and 1 closed requests" in dry.stdout
    assert stored(database.engine, "old-visit")["events"]  # a dry run deletes nothing

    run = subprocess.run(
        [sys.executable, "-m", "bot", "purge"],  # RETENTION_DAYS (90) by default
        capture_output=True,
        text=True,
        cwd=PROJECT_DIR,
        env={**env, "RETENTION_DAYS": "90"},
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    assert "deleted 1 conversations (7 events), 1 closed requests" in run.stdout
    assert nothing_stored(database.engine, "old-visit")
    with database.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(events)).scalar() == 7 + 11
        assert conn.execute(select(func.count()).select_from(staff_conversations)).scalar() == 2

    bad = subprocess.run(
        [sys.executable, "-m", "bot", "purge", "--older-than", "soon"],
        capture_output=True,
        text=True,
        cwd=PROJECT_DIR,
        env=env,
        timeout=120,
    )
    assert bad.returncode == 2 and "not a number of days" in bad.stderr
