"""Alembic migrations run the same on PostgreSQL as on SQLite: same tables, same columns,
no difference from the declared schema, and Rasa's `events` table left alone."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from bot.migrations import include_object, migrate
from bot.storage.schema import metadata
from clinic.database import create_db_engine
from components.tracker_store import ClinicTrackerStore


@pytest.fixture
def data_key(tmp_path, monkeypatch):
    # privacy01 encrypts existing rows: it needs the data key.
    monkeypatch.delenv("DATA_ENCRYPTION_KEYS", raising=False)
    monkeypatch.setenv("DATA_KEY_FILE", str(tmp_path / "keys" / "data.key"))


def schema(url: str) -> dict:
    """{table: {column: generic type}} and the differences from the declared schema."""
    engine = create_db_engine(url)
    try:
        with engine.connect() as conn:
            inspector = inspect(conn)
            tables = {
                table: {
                    c["name"]: type(c["type"].as_generic()).__name__
                    for c in inspector.get_columns(table)
                }
                for table in inspector.get_table_names()
            }
            context = MigrationContext.configure(conn, opts={"include_object": include_object})
            return {"tables": tables, "differences": compare_metadata(context, metadata)}
    finally:
        engine.dispose()


def test_migrations_build_the_same_schema_on_postgresql_and_sqlite(postgres, tmp_path, data_key):
    pg_url = postgres.create_database("migrations_fresh")
    sqlite_url = f"sqlite:///{tmp_path / 'clinic.db'}"
    for url in (pg_url, sqlite_url):
        migrate(url)
        migrate(url)  # idempotent: every process start runs it
    on_postgres, on_sqlite = schema(pg_url), schema(sqlite_url)
    assert on_postgres["differences"] == []
    assert on_postgres["tables"] == on_sqlite["tables"]
    assert set(metadata.tables) | {"alembic_version"} == set(on_postgres["tables"])


def test_migrations_leave_rasas_events_alone_on_postgresql(postgres, data_key):
    url = postgres.create_database("migrations_after_rasa")
    store = ClinicTrackerStore(database_url=url)  # Rasa's tracker store creates `events` first
    store.engine.dispose()
    migrate(url)
    found = schema(url)
    assert "events" in found["tables"]
    assert found["differences"] == []
