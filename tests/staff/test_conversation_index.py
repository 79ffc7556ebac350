"""The conversation index, fed by Rasa's own SQLTrackerStore writing the `events` table."""

from __future__ import annotations

import pytest
from sqlalchemy import insert, select

from bot.staff import conversation_index
from bot.staff.conversation_index import GAP_TTL_S, update_index
from bot.staff.search_terms import stored_tokens
from bot.staff.tracker_events import events
from bot.storage.staff_tables import (
    staff_conversation_intents,
    staff_conversations,
    staff_index_state,
    staff_search_tokens,
    staff_unanswered,
)
from clinic import event_data
from clinic.field_crypto import data_cipher
from tests.staff.conftest import START
from tests.staff.rasa_events import Script, save, tracker_store


@pytest.fixture
def store(database_url):
    return tracker_store(database_url)


def summary(database, sender_id):
    with database.engine.connect() as conn:
        row = conn.execute(
            select(staff_conversations).where(staff_conversations.c.sender_id == sender_id)
        ).first()
        intents = dict(
            conn.execute(
                select(
                    staff_conversation_intents.c.intent, staff_conversation_intents.c.count
                ).where(staff_conversation_intents.c.sender_id == sender_id)
            ).all()
        )
        tokens = set(
            conn.execute(
                select(staff_search_tokens.c.token).where(
                    staff_search_tokens.c.sender_id == sender_id
                )
            ).scalars()
        )
    return (dict(row._mapping) if row else None), intents, tokens


def typed(*messages):
    """The search index's tokens for these visitor messages (the words, never stored)."""
    return set().union(*(stored_tokens(m, data_cipher()) for m in messages))


def unanswered(database):
    with database.engine.connect() as conn:
        return conn.execute(
            select(staff_unanswered.c.sender_id, staff_unanswered.c.text).order_by(
                staff_unanswered.c.event_id
            )
        ).all()


async def test_a_conversation_is_summarised(store, database):
    s = (
        Script(START)
        .session()
        .user("How fast does ketamine work?", "faq", retrieval="relief_speed")
        .bot("utter_faq", "Within hours to days.")
        .listen()
        .user("blorp the snargle", "nlu_fallback", 0.2)
        .bot("action_default_fallback", "Sorry, I didn't get that.")
        .listen()
        .user("/request_appointment", "request_appointment", 1.0)
        .bot("booking_form")
        .form("booking_form")
        .slot("requested_slot", "full_name")
        .bot("utter_ask_full_name", "What's your full name?")
        .listen()
        .user("I want to die", "crisis", 1.0)
        .bot("action_crisis_reply", "Call or text 988.")
        .slot("crisis_flag", True)
        .listen()
        .user("can I talk to a person", "human_handoff")
        .bot("utter_handoff", "Call us.")
        .listen()
    )
    await save(store, "conv-1", s.events)
    applied = update_index(database.engine, now=START)
    assert applied == len(s.events)

    row, intents, tokens = summary(database, "conv-1")
    assert row["user_messages"] == 5
    assert row["event_count"] == len(s.events)
    assert row["first_message"] == "How fast does ketamine work?"
    assert row["crisis"] and row["handoff"] and row["booking_started"]
    assert (
        row["fallbacks"] == 1
    )  # nlu_fallback then action_default_fallback: one unanswered message
    assert row["started_at"] == pytest.approx(s.events[0].timestamp)
    assert row["last_at"] == pytest.approx(s.events[-1].timestamp)
    assert intents == {
        "faq/relief_speed": 1,
        "faq": 1,  # a topic counts under its retrieval intent too (the list's `faq` filter)
        "nlu_fallback": 1,
        "request_appointment": 1,
        "crisis": 1,
        "human_handoff": 1,
    }
    assert tokens == typed(
        "How fast does ketamine work?",
        "blorp the snargle",
        "I want to die",
        "can I talk to a person",
    )  # button payloads are not typed text
    assert unanswered(database) == [("conv-1", "blorp the snargle")]
    assert update_index(database.engine, now=START) == 0  # nothing new


async def test_new_events_are_folded_in_incrementally(store, database):
    first = Script(START).session().user("hello", "greet").bot("utter_greet", "Hi!").listen()
    await save(store, "conv-2", first.events)
    update_index(database.engine, now=START)
    more = (
        Script(first.t)
        .user("What   DOES it COST", "faq", 0.6, retrieval="coverage")
        .bot("action_default_fallback", "Sorry?")
        .listen()
        .user("hello again", "greet")
        .bot("utter_greet", "Hi!")
        .listen()
    )
    await save(store, "conv-2", more.events)
    await save(store, "conv-3", Script(START).session().user("hi", "greet").events)
    assert update_index(database.engine, now=START) == len(more.events) + 5

    row, intents, tokens = summary(database, "conv-2")
    assert row["user_messages"] == 3 and row["event_count"] == len(first.events) + len(more.events)
    assert row["fallbacks"] == 1 and not row["crisis"]
    assert intents == {"greet": 2, "faq/coverage": 1, "faq": 1}
    assert tokens == typed("hello", "What   DOES it COST", "hello again")
    assert unanswered(database) == [("conv-2", "what does it cost")]  # normalised for counting
    assert summary(database, "conv-3")[0]["user_messages"] == 1


async def test_fallback_action_in_a_later_batch_finds_the_message(store, database):
    s = Script(START).session().user("what about my cat", "out_of_scope", 0.5)
    await save(store, "conv-4", s.events)
    update_index(database.engine, now=START)
    await save(
        store, "conv-4", Script(s.t).bot("action_default_fallback", "Sorry.").listen().events
    )
    update_index(database.engine, now=START)
    assert unanswered(database) == [("conv-4", "what about my cat")]
    assert summary(database, "conv-4")[0]["fallbacks"] == 1


async def test_small_batches_give_the_same_index(store, database):
    for n in range(3):
        await save(
            store,
            f"c{n}",
            Script(START + n)
            .session()
            .user(f"question {n}", "faq", retrieval="sources")
            .bot("utter_faq", "Sources.")
            .listen()
            .user("thanks", "thank")
            .events,
        )
    while update_index(database.engine, batch_size=3, now=START):
        pass
    for n in range(3):
        row, intents, _ = summary(database, f"c{n}")
        assert row["user_messages"] == 2 and intents == {"faq/sources": 1, "faq": 1, "thank": 1}


async def test_a_batch_is_applied_once_even_if_another_process_got_there_first(
    store, database, monkeypatch
):
    await save(store, "conv-5", Script(START).session().user("hi", "greet").events)
    stale = conversation_index._load_state(database.engine)
    assert update_index(database.engine, now=START) == 5
    # A second process that read the same watermark before the first one wrote it:
    monkeypatch.setattr(conversation_index, "_load_state", lambda engine: stale)
    assert update_index(database.engine, now=START) == 0
    assert summary(database, "conv-5")[0]["user_messages"] == 1


def raw_event(conn, event_id, sender_id, text):
    data = {
        "event": "user",
        "timestamp": START,
        "text": text,
        "parse_data": {"intent": {"name": "greet", "confidence": 0.9}},
    }
    conn.execute(
        insert(events).values(
            id=event_id,
            sender_id=sender_id,
            type_name="user",
            timestamp=START,
            intent_name="greet",
            data=event_data.encode(data),
        )
    )


async def test_ids_committed_out_of_order_are_picked_up_later(store, database):
    await save(store, "warm-up", Script(START).session().events)  # Rasa creates the table
    update_index(database.engine, now=START)
    with database.engine.begin() as conn:
        last = conn.execute(select(staff_index_state.c.last_event_id)).scalar()
        raw_event(conn, last + 1, "late", "one")
        raw_event(
            conn, last + 3, "late", "three"
        )  # last + 2 is still in another writer's transaction
    update_index(database.engine, now=START)
    assert summary(database, "late")[0]["user_messages"] == 2
    with database.engine.begin() as conn:
        raw_event(conn, last + 2, "late", "two")
    update_index(database.engine, now=START + 1)
    assert summary(database, "late")[0]["user_messages"] == 3
    # A gap nobody fills (a rolled-back insert) is given up after GAP_TTL_S.
    with database.engine.begin() as conn:
        raw_event(conn, last + 5, "late", "five")
    update_index(database.engine, now=START + 2)
    with database.engine.connect() as conn:
        assert set(conn.execute(select(staff_index_state.c.gaps)).scalar()) == {str(last + 4)}
    update_index(database.engine, now=START + 3 + GAP_TTL_S)
    with database.engine.connect() as conn:
        assert conn.execute(select(staff_index_state.c.gaps)).scalar() == {}


def test_no_events_table_yet_is_no_error(database):
    assert update_index(database.engine) == 0
