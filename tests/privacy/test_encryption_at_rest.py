"""What is stored is ciphertext (read from the raw SQLite files), and what is read back is the original."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timezone

from cryptography.fernet import Fernet
from rasa.core.tracker_store import TrackerStore
from rasa.core.utils import read_endpoints_from_path
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.staff.conversation_index import update_index
from bot.storage.appointments import list_requests, store_request
from clinic.action_outbox import Outbox
from clinic.settings import PROJECT_DIR
from components.tracker_store import ClinicTrackerStore
from tests.privacy.conftest import (
    CANARY_EMAIL,
    CANARY_MEMBER_ID,
    CANARY_NAME,
    CANARY_PHONE,
    CANARY_WORDS,
    assert_absent,
    raw_bytes,
)

SENDER = "5f0c2a9e1b7d4c3a8e6f1029384756ab"


def conversation_events():
    return [
        ActionExecuted("action_session_start", timestamp=1000.0),
        SessionStarted(timestamp=1000.0),
        ActionExecuted("action_listen", timestamp=1000.1),
        UserUttered(
            CANARY_WORDS,
            {"name": "nlu_fallback", "confidence": 0.3},
            [],
            timestamp=1001.0,
            parse_data={
                "intent": {"name": "nlu_fallback", "confidence": 0.3},
                "text": CANARY_WORDS,
            },
        ),
        ActionExecuted("action_default_fallback", timestamp=1001.1),
        BotUttered("Sorry, I didn't get that.", timestamp=1001.2),
        ActionExecuted("action_listen", timestamp=1001.3),
        UserUttered(
            f"I'm {CANARY_NAME}, {CANARY_PHONE}",
            {"name": "inform", "confidence": 0.9},
            [],
            timestamp=1002.0,
        ),
        SlotSet("full_name", CANARY_NAME, timestamp=1002.1),
        SlotSet("phone", CANARY_PHONE, timestamp=1002.2),
        ActionExecuted("action_listen", timestamp=1002.3),
    ]


async def save_conversation(store, sender=SENDER):
    tracker = DialogueStateTracker(sender, slots=store.domain.slots)
    for event in conversation_events():
        tracker.update(event)
    await store.save(tracker)


def raw_events(database_url):
    with sqlite3.connect(database_url.removeprefix("sqlite:///")) as conn:
        return conn.execute(
            "SELECT sender_id, type_name, intent_name, action_name, data FROM events ORDER BY id"
        ).fetchall()


async def test_rasa_loads_our_tracker_store_from_endpoints_yml_and_events_land_in_the_database(
    database_url, monkeypatch, var_dir
):
    # Rasa falls back to an in-memory store, with only a warning, when the class cannot be
    # loaded: the store Rasa builds from endpoints.yml must be ours and write the database.
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("ACTION_SERVER_URL", "http://127.0.0.1:5055/webhook")
    monkeypatch.setenv("ACTION_SERVER_TOKEN", "test-actions-token")
    endpoints = read_endpoints_from_path(str(PROJECT_DIR / "endpoints.yml"))
    store = TrackerStore.create(
        endpoints.tracker_store, Domain.load(str(PROJECT_DIR / "domain.yml"))
    )
    assert isinstance(store, ClinicTrackerStore)
    await save_conversation(store)
    rows = raw_events(database_url)
    assert len(rows) == len(conversation_events())
    assert {r[0] for r in rows} == {SENDER}


async def test_event_data_is_ciphertext_and_the_query_columns_stay_plain(
    store, database_url, var_dir, data_key
):
    await save_conversation(store)
    rows = raw_events(database_url)
    assert [r[1] for r in rows] == [e.type_name for e in conversation_events()]
    assert [r[2] for r in rows if r[1] == "user"] == ["nlu_fallback", "inform"]
    assert [r[3] for r in rows if r[1] == "action"][:2] == ["action_session_start", "action_listen"]
    assert [r[3] for r in rows if r[1] == "slot"] == [
        "full_name",
        "phone",
    ]  # slot names, not values
    for *_, data in rows:
        assert Fernet(data_key.encode()).decrypt(data.encode())  # each row is a Fernet token
    assert_absent(raw_bytes(var_dir), CANARY_NAME, CANARY_PHONE, "zarthwick", CANARY_WORDS)

    tracker = await store.retrieve_full_tracker(SENDER)
    assert [e.text for e in tracker.events if isinstance(e, UserUttered)] == [
        CANARY_WORDS,
        f"I'm {CANARY_NAME}, {CANARY_PHONE}",
    ]
    assert (
        tracker.get_slot("full_name") == CANARY_NAME and tracker.get_slot("phone") == CANARY_PHONE
    )


async def test_a_new_turn_appends_only_its_own_events(store, database_url):
    await save_conversation(store)
    tracker = await store.retrieve(SENDER)
    tracker.update(UserUttered("thanks", {"name": "thank", "confidence": 1.0}, timestamp=1003.0))
    await store.save(tracker)
    assert len(raw_events(database_url)) == len(conversation_events()) + 1


def request_row(**changes):
    return {
        "kind": "booking",
        "reference": "NTX-CN4RY",
        "conversation_id": SENDER,
        "full_name": CANARY_NAME,
        "phone": CANARY_PHONE,
        "email": CANARY_EMAIL,
        "location": "Frisco",
        "preferred_time_text": "zarthwick mornings",
        "preferred_time_normalized": "weekday mornings",
        "patient_status": "new",
        "visit_reason": CANARY_WORDS,
        "coverage_type": "insurance",
        "insurance_carrier": "Zarthwick Mutual",
        "insurance_member_id": CANARY_MEMBER_ID,
        "contact_consent": True,
        "notes": f"call {CANARY_NAME} after 5",
        "assessment": {"instrument": "phq9", "answers": [3, 3, 2], "note": "zarthwick"},
        **changes,
    }


def test_request_fields_are_ciphertext_and_filters_stay_plain(database, database_url, var_dir):
    store_request(database.engine, request_row(), "k-1", notify=False)
    with sqlite3.connect(database_url.removeprefix("sqlite:///")) as conn:
        conn.row_factory = sqlite3.Row
        raw = dict(conn.execute("SELECT * FROM appointment_requests").fetchone())
    assert (
        raw["kind"],
        raw["location"],
        raw["status"],
        raw["coverage_type"],
        raw["reference"],
    ) == ("booking", "Frisco", "new", "insurance", "NTX-CN4RY")
    for column in (
        "full_name",
        "phone",
        "email",
        "preferred_time_text",
        "visit_reason",
        "insurance_carrier",
        "insurance_member_id",
        "notes",
        "assessment",
    ):
        assert raw[column].startswith("gAAAA"), column
    assert_absent(
        raw_bytes(var_dir), CANARY_NAME, CANARY_PHONE, CANARY_EMAIL, CANARY_MEMBER_ID, "zarthwick"
    )

    (row,) = list_requests(database.engine)
    assert {
        k: row[k] for k in request_row()
    } == request_row()  # decrypted for the console and exports


def test_outbox_bodies_are_ciphertext(var_dir, data_key):
    outbox = Outbox(var_dir / "outbox.sqlite")
    body = {"full_name": CANARY_NAME, "phone": CANARY_PHONE, "notes": CANARY_WORDS}
    outbox.enqueue("booking-key-1", "booking", "NTX-CN4RY", SENDER, body)
    assert outbox.get("booking-key-1").body == body
    with sqlite3.connect(var_dir / "outbox.sqlite") as conn:
        (stored,) = conn.execute("SELECT body FROM outbox").fetchone()
    assert Fernet(data_key.encode()).decrypt(stored.encode())
    assert_absent(raw_bytes(var_dir), CANARY_NAME, CANARY_PHONE, "zarthwick")


async def test_the_console_index_stores_no_plain_text(store, database, var_dir):
    await save_conversation(store)
    assert update_index(database.engine, now=1010.0) == len(conversation_events())
    with database.engine.connect() as conn:
        tables = [
            r[0] for r in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type='table'")
        ]
        assert "staff_visitor_text" not in tables
    assert_absent(raw_bytes(var_dir), CANARY_NAME, CANARY_PHONE, "zarthwick", "awake", CANARY_WORDS)


def test_staff_notes_and_comments_are_ciphertext(database, var_dir):
    from bot.staff.appointment_followup import add_note, get_request
    from bot.staff.transcripts import load_corrections, save_correction

    store_request(database.engine, request_row(), "k-1", notify=False)
    now = datetime(2026, 11, 27, tzinfo=timezone.utc)
    (request,) = list_requests(database.engine)
    assert add_note(
        database.engine, request["id"], f"spoke to {CANARY_NAME}", "alice", "127.0.0.1", now
    )
    save_correction(
        database.engine, SENDER, 4, "intent", "faq", f"{CANARY_PHONE} is a phone", "alice", now
    )
    assert_absent(raw_bytes(var_dir), CANARY_NAME, CANARY_PHONE)
    assert (
        get_request(database.engine, request["id"])["history"][-1]["note"]
        == f"spoke to {CANARY_NAME}"
    )
    assert load_corrections(database.engine, SENDER)[4]["comment"] == f"{CANARY_PHONE} is a phone"
