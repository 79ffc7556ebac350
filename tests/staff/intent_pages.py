"""The conversations list filtered by an intent, checked against the triage order of the
conversations themselves: shared by the SQLite tests (tests/staff/test_conversation_pages.py)
and the PostgreSQL ones (tests/production/test_conversation_pages_postgres.py).

The filtered list is read off the intent rows' copy of each conversation's triage key
(migration speed02); these checks compare it, page by page, with the conversations' own
rows, after the writers that change that key: the index updater (new events: flags, later
activity, new intents) and marking a conversation reviewed.
"""

from __future__ import annotations

import random
from datetime import datetime, timezone
from typing import Dict, List, Optional, Set

from alembic import command
from sqlalchemy import insert, select

from bot.migrations import alembic_config
from bot.staff.conversation_index import update_index
from bot.staff.conversation_list import ConversationFilters, list_conversations
from bot.staff.transcripts import set_reviewed, set_tags
from bot.storage.staff_tables import staff_conversation_intents, staff_conversations
from clinic.database import create_db_engine
from tests.staff.rasa_events import Script, save, tracker_store

START = datetime(2026, 11, 2, 15, 0, tzinfo=timezone.utc).timestamp()
NOW = datetime(2026, 11, 3, 9, 0, tzinfo=timezone.utc)
# `faq` alone: the retrieval intent without a topic (the response selector gave none).
INTENTS = ("faq/coverage", "faq/cost", "faq", "greet")
FILTERS = ("faq", "faq/coverage", "faq/cost", "greet", "thank")


def triage_sorted(rows: List[dict]) -> List[str]:
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


def has_intent(used: Set[str], intent: str) -> bool:
    """What the filter means: the intent, or for a retrieval intent any of its topics."""
    return intent in used or ("/" not in intent and any(u.startswith(intent + "/") for u in used))


def expected(
    engine, used: Dict[str, Set[str]], intent: str, tagged: Optional[Set[str]] = None, **where
) -> List[str]:
    """The conversations with `intent`, in triage order, from the conversations' own rows."""
    with engine.connect() as conn:
        rows = [dict(r._mapping) for r in conn.execute(select(staff_conversations))]
    since = where.get("active_from")
    rows = [
        r
        for r in rows
        if has_intent(used.get(r["sender_id"], set()), intent)
        and (since is None or r["last_at"] >= since.timestamp())
        and ("reviewed" not in where or r["reviewed"] == where["reviewed"])
        and (tagged is None or r["sender_id"] in tagged)
    ]
    return triage_sorted(rows)


def all_pages(engine, filters: ConversationFilters, per_page: int) -> tuple:
    seen, page = [], 1
    while True:
        rows, total = list_conversations(engine, filters, page, per_page)
        if not rows:
            return seen, total
        seen += [r["sender_id"] for r in rows]
        page += 1


def assert_lists_match(engine, used: Dict[str, Set[str]], per_page: int = 4) -> None:
    """Every intent filter, page by page: each conversation once, in triage order."""
    for intent in FILTERS:
        want = expected(engine, used, intent)
        seen, total = all_pages(engine, ConversationFilters(intent=intent), per_page)
        assert seen == want, intent
        assert total == len(want), intent
        first, total = list_conversations(engine, ConversationFilters(intent=intent), 1, 50)
        assert [r["sender_id"] for r in first] == want[:50]


def index_everything(engine) -> None:
    while update_index(engine, 50):  # small batches: a conversation spans several
        pass


async def write_conversations(database_url: str, count: int = 40) -> Dict[str, Set[str]]:
    """`count` conversations written by Rasa's tracker store, each with 1-2 of INTENTS and
    some flagged; many end at the same second (ties on last activity). Returns the intents
    each used."""
    store = tracker_store(database_url)
    rng = random.Random(21)
    used: Dict[str, Set[str]] = {}
    for n in range(count):
        sender_id = f"visitor-{n:02d}"
        script = Script(START + rng.choice([0, 0, 100, 200])).session()
        chosen = rng.sample(INTENTS, rng.choice([1, 1, 2]))
        for intent in chosen:
            name, _, topic = intent.partition("/")
            script.user("a question", name, retrieval=topic or None).bot("utter_" + name, "…")
            script.listen()
        if rng.random() < 0.15:
            script.slot("crisis_flag", True)
        elif rng.random() < 0.15:
            script.slot("risk_screen_flag", True)
        await save(store, sender_id, script.events)
        used[sender_id] = set(chosen)
    store.engine.dispose()
    return used


async def check_writers_keep_the_order(database_url: str) -> None:
    """The intent-filtered lists follow every change of a conversation's triage key."""
    engine = create_db_engine(database_url)
    try:
        used = await write_conversations(database_url)
        index_everything(engine)
        assert any(has_intent(u, "faq") for u in used.values())
        assert_lists_match(engine, used)
        with engine.connect() as conn:  # `faq` counts the plain faq messages and every topic's
            faq_counts = dict(
                conn.execute(
                    select(
                        staff_conversation_intents.c.sender_id,
                        staff_conversation_intents.c.count,
                    ).where(staff_conversation_intents.c.intent == "faq")
                ).all()
            )
        assert faq_counts == {
            s: sum(i == "faq" or i.startswith("faq/") for i in u)
            for s, u in used.items()
            if has_intent(u, "faq")
        }

        # Reviewing moves a conversation below the unreviewed ones of its group.
        first_faq = expected(engine, used, "faq")[:3]
        for sender_id in first_faq:
            assert set_reviewed(engine, sender_id, True, "alice", NOW)
        assert_lists_match(engine, used)
        now_first = list_conversations(engine, ConversationFilters(intent="faq"), 1, 50)[0]
        assert [r["sender_id"] for r in now_first][: len(first_faq)] != first_faq
        assert [r["sender_id"] for r in now_first if r["reviewed"]] == [
            s for s in expected(engine, used, "faq") if s in first_faq
        ]
        reviewed_only = ConversationFilters(intent="faq", reviewed=True)
        assert all_pages(engine, reviewed_only, 2)[0] == expected(
            engine, used, "faq", reviewed=True
        )

        # Later events: a crisis flag, a risk screen, and a reviewed conversation coming back
        # with a topic it had not asked about (new intent rows after the review).
        store = tracker_store(database_url)
        plain = [s for s, u in used.items() if not has_intent(u, "faq")]
        quiet = [s for s in expected(engine, used, "greet") if s not in first_faq]
        later = Script(START + 5000)
        await save(store, quiet[-1], later.slot("crisis_flag", True).events)
        await save(store, quiet[-2], Script(START + 5000).slot("risk_screen_flag", True).events)
        comeback = first_faq[0]
        await save(
            store,
            comeback,
            Script(START + 6000)
            .user("and the cost?", "faq", retrieval="cost")
            .bot("utter_faq", "…")
            .events,
        )
        used[comeback].add("faq/cost")
        await save(
            store,
            plain[0],
            Script(START + 7000).user("coverage?", "faq", retrieval="coverage").events,
        )
        used[plain[0]].add("faq/coverage")
        store.engine.dispose()
        index_everything(engine)
        assert_lists_match(engine, used)
        faq_first = list_conversations(engine, ConversationFilters(intent="greet"), 1, 1)[0]
        assert faq_first[0]["sender_id"] == quiet[-1] and faq_first[0]["crisis"]

        # Marked not reviewed again: back among the unreviewed, on every intent it has.
        assert set_reviewed(engine, comeback, False, "alice", NOW)
        assert_lists_match(engine, used, per_page=3)

        # With the other filters: dates and reviewed on the intent rows, tags on the
        # conversations' own rows.
        since = datetime.fromtimestamp(START + 150, timezone.utc)
        dated = ConversationFilters(intent="faq", active_from=since)
        assert all_pages(engine, dated, 2)[0] == expected(engine, used, "faq", active_from=since)
        tagged = set(expected(engine, used, "faq")[::3])
        for sender_id in tagged:
            set_tags(engine, sender_id, ["follow up"])
        with_tag = ConversationFilters(intent="faq", tag="follow up", reviewed=False)
        seen, total = all_pages(engine, with_tag, 2)
        assert seen == expected(engine, used, "faq", tagged=tagged, reviewed=False)
        assert total == len(seen)
    finally:
        engine.dispose()


def check_migration_backfill(database_url: str) -> None:
    """A database indexed before speed02 lists the same conversations in the same order after
    it; downgrading gives the intent rows back as they were."""
    config = alembic_config(database_url)
    command.upgrade(config, "spanish01")
    rng = random.Random(2)
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
        for n in range(137)
    ]
    before = [
        {"sender_id": row["sender_id"], "intent": intent, "count": rng.randint(1, 3)}
        for row in rows
        for intent in INTENTS
        if rng.random() < 0.4
    ]
    used: Dict[str, Set[str]] = {}
    for row in before:
        used.setdefault(row["sender_id"], set()).add(row["intent"])
    engine = create_db_engine(database_url)
    try:
        with engine.begin() as conn:
            conn.execute(insert(staff_conversations), rows)
            # As spanish01 stored them: no triage key, no `faq` row for the topics (only the
            # columns given are written: the table's new ones do not exist yet).
            conn.execute(insert(staff_conversation_intents), before)
        command.upgrade(config, "head")
        assert_lists_match(engine, used, per_page=7)
        plain = {r["sender_id"]: r["count"] for r in before if r["intent"] == "faq"}
        topics: Dict[str, int] = {}
        for r in before:
            if r["intent"].startswith("faq/"):
                topics[r["sender_id"]] = topics.get(r["sender_id"], 0) + r["count"]
        with engine.connect() as conn:
            faq_rows = dict(
                conn.execute(
                    select(
                        staff_conversation_intents.c.sender_id,
                        staff_conversation_intents.c.count,
                    ).where(staff_conversation_intents.c.intent == "faq")
                ).all()
            )
        assert faq_rows == {s: plain.get(s, 0) + topics.get(s, 0) for s in set(plain) | set(topics)}

        command.downgrade(config, "spanish01")
        with engine.connect() as conn:
            after = conn.exec_driver_sql(
                "SELECT sender_id, intent, count FROM staff_conversation_intents"
            ).all()
        assert sorted(map(tuple, after)) == sorted(
            (r["sender_id"], r["intent"], r["count"]) for r in before
        )
        command.upgrade(config, "head")
        assert_lists_match(engine, used, per_page=50)
    finally:
        engine.dispose()
