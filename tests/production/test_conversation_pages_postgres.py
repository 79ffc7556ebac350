"""The conversations list filtered by an intent on PostgreSQL, the production database: the
same checks as on SQLite (tests/staff/intent_pages.py). The list is read off the intent rows'
copy of each conversation's triage key (migration speed02), kept current by the index
updater and by marking a conversation reviewed."""

from __future__ import annotations

import pytest

from bot.migrations import migrate
from tests.staff.intent_pages import check_migration_backfill, check_writers_keep_the_order


@pytest.fixture
def data_key(tmp_path, monkeypatch):
    # privacy01 encrypts existing rows, the tracker store encrypts events: the data key.
    monkeypatch.delenv("DATA_ENCRYPTION_KEYS", raising=False)
    monkeypatch.setenv("DATA_KEY_FILE", str(tmp_path / "keys" / "data.key"))


async def test_intent_lists_follow_the_index_updater_and_reviews_on_postgresql(postgres, data_key):
    url = postgres.create_database("intent_pages")
    migrate(url)
    await check_writers_keep_the_order(url)


def test_the_migration_fills_the_intent_rows_and_gives_them_back_on_postgresql(postgres, data_key):
    check_migration_backfill(postgres.create_database("intent_backfill"))
