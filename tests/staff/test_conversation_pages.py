"""Keyset pages of the conversations list: every conversation exactly once, in triage order.

Triage order: crisis, then risk screen, then unreviewed, newest, sender id. Pages after the
first start from the boundary key read off the triage index
(bot/staff/conversation_list.py); ties on last activity are broken by sender id, so no
conversation is repeated or skipped between pages.
"""

from __future__ import annotations

import random

from sqlalchemy import insert

from bot.staff.conversation_list import ConversationFilters, list_conversations
from bot.storage.staff_tables import staff_conversation_intents, staff_conversations
from clinic.database import create_db_engine


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
    with engine.begin() as conn:
        conn.execute(insert(staff_conversations), rows)
        conn.execute(insert(staff_conversation_intents), intents)
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
