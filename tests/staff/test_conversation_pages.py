"""Keyset pages of the conversations list: every conversation exactly once, in triage order.

Triage order: crisis, then risk screen, then unreviewed, newest, sender id. Pages after the
first start from the boundary key read off the triage index
(bot/staff/conversation_list.py); ties on last activity are broken by sender id, so no
conversation is repeated or skipped between pages. Filtered by an intent, the list is read
off the intent rows' copy of that key (migration speed02): the same conversations in the
same order, after every writer that changes the key (tests/staff/intent_pages.py; the same
checks run on PostgreSQL in tests/production/test_conversation_pages_postgres.py).
"""

from __future__ import annotations

import random
from datetime import datetime, timezone

import pytest
from sqlalchemy import event, insert

from bot.staff.conversation_index import copy_triage_key, counted_intents
from bot.staff.conversation_list import ConversationFilters, list_conversations
from bot.storage.staff_tables import staff_conversation_intents, staff_conversations
from clinic.database import create_db_engine
from tests.staff.conftest import START
from tests.staff.intent_pages import check_migration_backfill, check_writers_keep_the_order
from tests.staff.rasa_events import Script, save, tracker_store
from tests.staff.test_conversations import listed


def fill(engine, count: int = 137) -> list:
    rng = random.Random(21)
    rows = [
        {
            "sender_id": f"c{n:03d}",
            "started_at": 1000.0,
            "last_at": float(rng.choice([2000, 2000, 2500, 3000])),  # many ties
            "event_count": 4,
            "user_messages": 2,
            "crisis": rng.random() < 0.1,
            "risk_screen": rng.random() < 0.15,
            "fallbacks": 0,
            "handoff": False,
            "booking_started": False,
            "reviewed": rng.random() < 0.4,
        }
        for n in range(count)
    ]
    topics = ["faq/coverage", "faq/cost", "greet"]
    intents = [
        {"sender_id": row["sender_id"], "intent": topic, "count": 1}
        for row in rows
        for topic in topics
        if rng.random() < 0.4
    ]
    counted = {}  # the rows the index updater writes: a topic counts under `faq` too
    for row in intents:
        for intent in counted_intents(row["intent"]):
            counted[(row["sender_id"], intent)] = counted.get((row["sender_id"], intent), 0) + 1
    with engine.begin() as conn:
        conn.execute(insert(staff_conversations), rows)
        conn.execute(
            insert(staff_conversation_intents),
            [{"sender_id": s, "intent": i, "count": n} for (s, i), n in counted.items()],
        )
        copy_triage_key(conn, [row["sender_id"] for row in rows])
    return rows, intents


def triage_sorted(rows: list) -> list:
    ordered = sorted(
        rows,
        key=lambda r: (
            not r["crisis"],
            not r["risk_screen"],
            r["reviewed"],
            -r["last_at"],
            r["sender_id"],
        ),
    )
    return [r["sender_id"] for r in ordered]


def all_pages(engine, filters, per_page: int) -> tuple:
    seen, page = [], 1
    while True:
        rows, total = list_conversations(engine, filters, page, per_page)
        if not rows:
            return seen, total
        seen += [r["sender_id"] for r in rows]
        page += 1


def test_pages_list_every_conversation_once_in_triage_order(database_url):
    engine = create_db_engine(database_url)
    rows, intents = fill(engine)
    seen, total = all_pages(engine, ConversationFilters(), per_page=10)
    assert seen == triage_sorted(rows) and total == len(rows)

    coverage = {i["sender_id"] for i in intents if i["intent"] == "faq/coverage"}
    seen, total = all_pages(engine, ConversationFilters(intent="faq/coverage"), per_page=7)
    assert seen == triage_sorted([r for r in rows if r["sender_id"] in coverage])
    assert total == len(coverage)

    any_faq = {i["sender_id"] for i in intents if i["intent"].startswith("faq/")}
    seen, total = all_pages(engine, ConversationFilters(intent="faq"), per_page=9)
    assert seen == triage_sorted([r for r in rows if r["sender_id"] in any_faq])
    assert total == len(any_faq)

    assert list_conversations(engine, ConversationFilters(), 99, 10) == ([], len(rows))
    engine.dispose()


@pytest.mark.parametrize(
    "filters",
    [
        ConversationFilters(intent="faq"),
        ConversationFilters(intent="faq/coverage"),
        ConversationFilters(intent="faq", reviewed=False),
        ConversationFilters(intent="faq", flag="crisis"),
        ConversationFilters(intent="faq", active_from=datetime.fromtimestamp(2400, timezone.utc)),
    ],
)
def test_an_intent_page_is_read_in_triage_order_off_the_intent_index(database_url, filters):
    """No sort of every conversation with the intent: at 100,000 conversations (40 % with a
    faq topic) that sort was what made the `faq` list slow (bench/staff_console.py)."""
    index = "ix_staff_conversation_intents_triage"
    engine = create_db_engine(database_url)
    fill(engine)
    statements = []

    def record(conn, cursor, statement, parameters, context, executemany):
        statements.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", record)
    list_conversations(engine, filters, 2, 5)  # boundary key, page, count
    event.remove(engine, "before_cursor_execute", record)
    listed = [(s, p) for s, p in statements if "staff_conversation_tags.tag" not in s]
    assert len(listed) == 3
    with engine.connect() as conn:
        for statement, parameters in listed:
            plan = " | ".join(
                row[3]
                for row in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters)
            )
            assert index in plan and "TEMP B-TREE" not in plan, plan
    engine.dispose()


async def test_intent_lists_follow_the_index_updater_and_reviews(database_url):
    await check_writers_keep_the_order(database_url)


def test_the_migration_fills_the_intent_rows_and_gives_them_back(tmp_path):
    check_migration_backfill(f"sqlite:///{tmp_path / 'clinic.db'}")


@pytest.mark.usefixtures("accounts")
async def test_the_console_faq_list_after_a_review_and_a_crisis_flag(
    alice, conversations, database_url
):
    everything = "intent=faq&from=&to="
    assert await listed(alice, everything) == ["faq-recent", "faq-old"]
    url = "/staff/conversations/faq-recent"
    assert (await alice.post(url + "/review", {"reviewed": "yes"}, token_from=url)).status == 303
    assert await listed(alice, everything) == ["faq-old", "faq-recent"]
    assert await listed(alice, everything + "&reviewed=no") == ["faq-old"]
    # Rasa writes a crisis flag into the reviewed conversation; the page's index refresh
    # reads it, and crisis comes before unreviewed.
    await save(
        tracker_store(database_url), "faq-recent", Script(START).slot("crisis_flag", True).events
    )
    assert await listed(alice, everything) == ["faq-recent", "faq-old"]
    assert await listed(alice, "intent=faq/relief_speed") == ["faq-recent"]
    assert await listed(alice, everything + "&flag=crisis") == ["faq-recent"]
    old = "/staff/conversations/faq-old"
    await alice.post(old + "/review", {"reviewed": "yes"}, token_from=old)
    assert await listed(alice, everything + "&reviewed=yes") == ["faq-recent", "faq-old"]
    assert await listed(alice, everything + "&reviewed=no") == []
    await alice.post(url + "/review", {"reviewed": "no"}, token_from=url)
    assert await listed(alice, everything + "&reviewed=no") == ["faq-recent"]
