"""`python -m bot keys rotate`: after it, every encrypted value opens with the new key alone,
the old key opens nothing, and search and analytics still work."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from datetime import date, datetime, timezone

import pytest
from cryptography.fernet import Fernet, InvalidToken
from rasa.shared.core.domain import Domain
from sqlalchemy import select

from bot.migrations import migrate
from bot.privacy.key_rotation import encrypted_columns, rotate_keys
from bot.staff.analytics import dashboard
from bot.staff.audit import list_entries
from bot.staff.conversation_index import unanswered_row, update_index
from bot.staff.conversation_list import ConversationFilters, list_conversations
from bot.storage.appointments import list_requests, store_request
from bot.storage.staff_tables import staff_search_tokens, staff_unanswered
from clinic.action_outbox import Outbox
from clinic.database import Database
from clinic.field_crypto import data_cipher, new_key
from clinic.settings import DATA_KEY_FILE_ENV, DATA_KEYS_ENV, PROJECT_DIR, read_data_key_file
from components.tracker_store import ClinicTrackerStore
from tests.privacy.conftest import CANARY_NAME, CANARY_PHONE
from tests.privacy.test_delete_my_data import chat

NOW = datetime(2026, 11, 27, tzinfo=timezone.utc)


def every_encrypted_value(db_path, outbox_path):
    """(where, token) of every encrypted value at rest, read from the raw files."""
    found = []
    with sqlite3.connect(db_path) as conn:
        for table, (_, columns) in encrypted_columns().items():
            for column in columns:
                found += [
                    (f"{table}.{column}", v)
                    for (v,) in conn.execute(
                        f"SELECT {column} FROM {table} WHERE {column} IS NOT NULL"
                    )
                ]
    with sqlite3.connect(outbox_path) as conn:
        found += [
            ("outbox.body", v)
            for (v,) in conn.execute("SELECT body FROM outbox WHERE body IS NOT NULL")
        ]
    return found


def opens(key, token) -> bool:
    try:
        Fernet(key.encode()).decrypt(token.encode())
    except InvalidToken:
        return False
    return True


async def fill(store, database, outbox):
    await chat(
        store,
        "visitor-1",
        f"I'm {CANARY_NAME}",
        "my zarthwick question",
        start=NOW.timestamp() - 600,
    )
    await chat(store, "visitor-2", "blorp zarthwick", start=NOW.timestamp() - 300)
    store_request(
        database.engine,
        {
            "kind": "callback",
            "reference": "NTX-R0TAT",
            "conversation_id": "visitor-1",
            "full_name": CANARY_NAME,
            "phone": CANARY_PHONE,
            "contact_consent": True,
            "notes": "zarthwick",
            "assessment": {"score": 7},
        },
        "k-1",
        notify=False,
    )
    update_index(database.engine, now=NOW.timestamp())
    with database.engine.begin() as conn:  # two unanswered messages with the same words
        for event_id, sender in ((9001, "visitor-1"), (9002, "visitor-2")):
            conn.execute(
                staff_unanswered.insert().values(
                    unanswered_row(
                        event_id, sender, NOW.timestamp() - 60, "Blorp  zarthwick", data_cipher()
                    )
                )
            )
    outbox.enqueue("k-1", "callback", "NTX-R0TAT", "visitor-1", {"full_name": CANARY_NAME})


def search(database, words):
    rows, _ = list_conversations(database.engine, ConversationFilters(text=words), 1, 50)
    return sorted(r["sender_id"] for r in rows)


@pytest.fixture
def key_file(var_dir, monkeypatch):
    path = var_dir / "keys" / "data.key"
    monkeypatch.setenv(DATA_KEY_FILE_ENV, str(path))
    return path


@pytest.fixture
def file_database(var_dir, key_file):
    url = f"sqlite:///{var_dir / 'clinic.db'}"
    migrate(url)
    db = Database(url)
    yield db
    db.close()


@pytest.fixture
def file_store(file_database):
    return ClinicTrackerStore(
        domain=Domain.load(str(PROJECT_DIR / "domain.yml")),
        database_url=str(file_database.engine.url),
    )


async def test_rotation_with_the_key_file(file_store, file_database, key_file, var_dir):
    outbox = Outbox(var_dir / "outbox.sqlite")
    await fill(file_store, file_database, outbox)
    (old,) = read_data_key_file(key_file)
    before = every_encrypted_value(var_dir / "clinic.db", var_dir / "outbox.sqlite")
    assert len(before) > 20 and all(opens(old, token) for _, token in before)

    result = rotate_keys(
        file_database.engine,
        "cli:operator",
        lambda: NOW,
        outbox=outbox,
        report=lambda line: None,
        grace_s=0,
    )
    (new,) = read_data_key_file(key_file)
    assert new != old and result.retired_keys == 1
    after = every_encrypted_value(var_dir / "clinic.db", var_dir / "outbox.sqlite")
    assert [where for where, _ in after] == [where for where, _ in before]
    assert all(opens(new, token) and not opens(old, token) for _, token in after)
    assert result.values == len(before)

    # Everything still reads, now through the new key alone.
    assert search(file_database, "zarthwick") == ["visitor-1", "visitor-2"]
    assert search(file_database, "blorp") == ["visitor-2"]
    (request,) = list_requests(file_database.engine)
    assert (request["full_name"], request["notes"], request["assessment"]) == (
        CANARY_NAME,
        "zarthwick",
        {"score": 7},
    )
    assert outbox.get("k-1").body == {"full_name": CANARY_NAME}
    tracker = await file_store.retrieve_full_tracker("visitor-1")
    assert [e.text for e in tracker.events if e.type_name == "user"] == [
        f"I'm {CANARY_NAME}",
        "my zarthwick question",
    ]
    missed = dashboard(
        file_database.engine, date(2026, 11, 26), date(2026, 11, 27), timezone.utc
    ).unanswered
    assert missed == [("blorp zarthwick", 2)]  # still counted as one message
    entries, _ = list_entries(file_database.engine, action="keys_rotated")
    assert [e.actor for e in entries] == ["cli:operator"]


async def test_rotation_with_environment_keys(store, database, var_dir, monkeypatch, data_key):
    outbox = Outbox(var_dir / "outbox.sqlite")
    await fill(store, database, outbox)
    newer = new_key()
    monkeypatch.setenv(DATA_KEYS_ENV, f"{newer},{data_key}")  # the operator put the new key first
    with database.engine.connect() as conn:
        tokens_before = set(conn.execute(select(staff_search_tokens.c.token)).scalars())
    result = rotate_keys(
        database.engine, "cli:operator", lambda: NOW, outbox=outbox, report=lambda line: None
    )
    assert result.key_file is None and result.retired_keys == 0 and not (var_dir / "keys").exists()
    after = every_encrypted_value(var_dir / "clinic.db", var_dir / "outbox.sqlite")
    assert all(opens(newer, token) and not opens(data_key, token) for _, token in after)
    with database.engine.connect() as conn:
        tokens_after = set(conn.execute(select(staff_search_tokens.c.token)).scalars())
    assert tokens_after and not tokens_after & tokens_before  # the blind index is re-keyed too

    monkeypatch.setenv(DATA_KEYS_ENV, newer)  # the old key removed: nothing needs it
    assert search(database, "zarthwick") == ["visitor-1", "visitor-2"]
    assert list_requests(database.engine)[0]["phone"] == CANARY_PHONE


def test_rotate_command(file_database, key_file, var_dir):
    data_cipher()
    (old,) = read_data_key_file(key_file)
    env = {
        **os.environ,
        "VAR_DIR": str(var_dir),
        "DATABASE_URL": str(file_database.engine.url),
        DATA_KEY_FILE_ENV: str(key_file),
    }
    env.pop(DATA_KEYS_ENV, None)
    run = subprocess.run(
        [sys.executable, "-m", "bot", "keys", "rotate"],
        capture_output=True,
        text=True,
        cwd=PROJECT_DIR,
        env=env,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    assert "1 old key(s) removed" in run.stdout
    (new,) = read_data_key_file(key_file)
    assert new != old

    generated = subprocess.run(
        [sys.executable, "-m", "bot", "keys", "generate"],
        capture_output=True,
        text=True,
        cwd=PROJECT_DIR,
        env=env,
        timeout=120,
    )
    assert Fernet(generated.stdout.strip().encode())  # a usable key for DATA_ENCRYPTION_KEYS
