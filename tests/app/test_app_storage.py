"""Migrations (run for real) and the schema they build."""

from __future__ import annotations

import sqlite3

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from bot.migrations import include_object, migrate
from bot.storage.schema import metadata
from clinic.database import create_db_engine


def schema_differences(url: str) -> list:
    engine = create_db_engine(url)
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"include_object": include_object})
            return compare_metadata(context, metadata)
    finally:
        engine.dispose()


def test_migrations_build_exactly_the_declared_schema(tmp_path):
    url = f"sqlite:///{tmp_path / 'new' / 'clinic.db'}"
    migrate(url)
    migrate(url)  # idempotent: a second start changes nothing
    assert schema_differences(url) == []


def test_rasa_events_table_is_left_alone_and_database_is_in_wal_mode(tmp_path):
    path = tmp_path / "clinic.db"
    with sqlite3.connect(path) as conn:  # as if Rasa's tracker store had created its table first
        conn.execute("CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id TEXT)")
        conn.execute("CREATE INDEX ix_events_sender_id ON events (sender_id)")
        conn.execute("INSERT INTO events (sender_id) VALUES ('abc')")
    url = f"sqlite:///{path}"
    migrate(url)
    # Autogenerate would not propose dropping Rasa's table or index.
    assert schema_differences(url) == []
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        assert conn.execute("SELECT sender_id FROM events").fetchall() == [("abc",)]
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert {"events", "appointment_requests", "alembic_version"} <= tables
