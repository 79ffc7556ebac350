"""Upgrading a database written before encryption (revision notify01): everything gets encrypted,
and the console keeps working over it."""

from __future__ import annotations

import json
import sqlite3
from datetime import date, timezone

import pytest
from alembic import command
from rasa.core.tracker_store import SQLTrackerStore

from bot.migrations import alembic_config, migrate
from bot.staff.analytics import dashboard
from bot.staff.conversation_index import update_index
from bot.staff.conversation_list import ConversationFilters, list_conversations
from bot.staff.tracker_events import decode
from bot.storage.appointments import list_requests
from clinic.database import create_db_engine
from tests.privacy.conftest import CANARY_NAME, CANARY_PHONE, assert_absent, raw_bytes


@pytest.fixture
def legacy_database(var_dir, data_key):
    url = f"sqlite:///{var_dir / 'clinic.db'}"
    command.upgrade(alembic_config(url), "notify01")
    engine = create_db_engine(url)
    SQLTrackerStore.SQLEvent.__table__.create(engine)
    engine.dispose()
    user = {
        "event": "user",
        "timestamp": 1000.0,
        "text": f"I'm {CANARY_NAME}, zarthwick question",
        "parse_data": {"intent": {"name": "nlu_fallback", "confidence": 0.2}},
    }
    with sqlite3.connect(var_dir / "clinic.db") as conn:
        conn.execute(
            "INSERT INTO events (id, sender_id, type_name, timestamp, intent_name, data) "
            "VALUES (1, 'old-visitor', 'user', 1000.0, 'nlu_fallback', ?)",
            (json.dumps(user),),
        )
        conn.execute("INSERT INTO staff_index_state (id, last_event_id, gaps) VALUES (1, 1, '{}')")
        conn.execute(
            "INSERT INTO staff_conversations VALUES ('old-visitor', 1000.0, 1000.0, 1, 1, ?, 1, 0, 1, 0, 0, "
            "0, NULL, NULL)",
            (user["text"],),
        )
        conn.execute("INSERT INTO staff_visitor_text VALUES ('old-visitor', ?)", (user["text"],))
        conn.execute(
            "INSERT INTO staff_unanswered VALUES (1, 'old-visitor', 1000.0, ?)",
            (user["text"].lower(),),
        )
        conn.execute(
            "INSERT INTO appointment_requests (reference, idempotency_key, kind, conversation_id, full_name, "
            "phone, contact_consent, notes, assessment, status, created_at) VALUES ('NTX-0LD00', 'k', "
            "'callback', 'old-visitor', ?, ?, 1, 'zarthwick', '{\"score\": 3}', 'new', "
            "'2026-11-01 10:00:00.000000')",
            (CANARY_NAME, CANARY_PHONE),
        )
    return url


def test_upgrade_encrypts_what_was_written_before(legacy_database, var_dir):
    migrate(legacy_database)
    assert_absent(raw_bytes(var_dir), CANARY_NAME, CANARY_PHONE, "zarthwick")
    engine = create_db_engine(legacy_database)
    try:
        (request,) = list_requests(engine)
        assert (
            request["full_name"],
            request["phone"],
            request["notes"],
            request["assessment"],
        ) == (CANARY_NAME, CANARY_PHONE, "zarthwick", {"score": 3})
        rows, _ = list_conversations(engine, ConversationFilters(text="Zarthwick"), 1, 50)
        assert [(r["sender_id"], r["first_message"]) for r in rows] == [
            ("old-visitor", f"I'm {CANARY_NAME}, zarthwick question")
        ]
        with engine.connect() as conn:
            (data,) = conn.exec_driver_sql("SELECT data FROM events").one()
        assert decode(data)["text"] == f"I'm {CANARY_NAME}, zarthwick question"
        assert update_index(engine) == 0  # the index was already up to date, and still reads
        missed = dashboard(engine, date(1970, 1, 1), date(1970, 1, 1), timezone.utc).unanswered
        assert missed == [(f"i'm {CANARY_NAME.lower()}, zarthwick question", 1)]
    finally:
        engine.dispose()
