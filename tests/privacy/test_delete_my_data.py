""" "Delete my data": the app's endpoint, the chat action (Tracker.from_dict), the tracker store's
part (nothing comes back), and the conversation index (nothing is written back)."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import func, select

from actions.privacy import ActionDeleteMyData
from bot.app import create_app
from bot.privacy.erasure import CONVERSATION_TABLES, erase_conversation
from bot.staff import conversation_index
from bot.staff.audit import list_entries
from bot.staff.conversation_index import update_index
from bot.staff.conversation_list import ConversationFilters, list_conversations
from bot.staff.tracker_events import events
from bot.storage.appointments import list_requests, store_request
from clinic.privacy_markers import ERASED_SLOT
from clinic.settings import load_secrets
from tests.actions.action_trackers import clinic_slot_values, rendered
from tests.privacy.conftest import CANARY_NAME, CANARY_PHONE, CANARY_WORDS

VISITOR, OTHER = "a1b2c3d4e5f60718293a4b5c6d7e8f90", "0f9e8d7c6b5a49382716f5e4d3c2b1a0"


def turn(tracker, text, intent, reply, t):
    tracker.update(UserUttered(text, {"name": intent, "confidence": 0.95}, timestamp=t))
    tracker.update(ActionExecuted("utter_x", timestamp=t + 0.1))
    tracker.update(BotUttered(reply, timestamp=t + 0.2))
    tracker.update(ActionExecuted("action_listen", timestamp=t + 0.3))


async def chat(store, sender, *texts, start=1000.0):
    """A conversation as Rasa stores it after each turn; returns the tracker as Rasa holds it."""
    tracker = DialogueStateTracker(sender, slots=store.domain.slots)
    tracker.update(ActionExecuted("action_session_start", timestamp=start))
    tracker.update(SessionStarted(timestamp=start))
    tracker.update(ActionExecuted("action_listen", timestamp=start))
    for n, text in enumerate(texts):
        turn(tracker, text, "inform", "Noted.", start + 10 * (n + 1))
        await store.save(tracker)
    return tracker


def stored(engine, sender):
    with engine.connect() as conn:
        found = {
            "events": conn.execute(
                select(func.count()).select_from(events).where(events.c.sender_id == sender)
            ).scalar()
        }
        for table in CONVERSATION_TABLES:
            found[table.name] = conn.execute(
                select(func.count()).select_from(table).where(table.c.sender_id == sender)
            ).scalar()
    return found


def nothing_stored(engine, sender):
    return all(n == 0 for n in stored(engine, sender).values())


@pytest.fixture
async def two_visitors(store, database):
    await chat(store, VISITOR, f"I'm {CANARY_NAME}", CANARY_PHONE, CANARY_WORDS)
    await chat(store, OTHER, "how long do benefits last")
    store_request(
        database.engine,
        {
            "kind": "callback",
            "reference": "NTX-KEEP1",
            "conversation_id": VISITOR,
            "full_name": CANARY_NAME,
            "phone": CANARY_PHONE,
            "contact_consent": True,
        },
        "k-visitor",
        notify=False,
    )
    update_index(database.engine, now=2000.0)
    assert stored(database.engine, VISITOR)["staff_conversations"] == 1


@pytest.fixture
async def app_client(settings, make_client):
    return await make_client(create_app(settings))


def bearer(settings) -> dict:
    return {"Authorization": f"Bearer {load_secrets(settings.var_dir)['appointments_token']}"}


async def test_the_app_deletes_the_conversation_keeps_requests_and_audits(
    two_visitors, app_client, settings, database, var_dir
):
    assert (await app_client.delete(f"/api/conversations/{VISITOR}")).status == 401
    assert (
        await app_client.delete(
            f"/api/conversations/{VISITOR}", headers={"Authorization": "Bearer wrong"}
        )
    ).status == 401
    assert not nothing_stored(database.engine, VISITOR)

    response = await app_client.delete(f"/api/conversations/{VISITOR}", headers=bearer(settings))
    assert response.status == 200
    assert await response.json() == {
        "conversation_id": VISITOR,
        "deleted": {"events": 3 + 4 * 3, "visitor_messages": 3},
        "kept_requests": ["NTX-KEEP1"],
    }
    assert nothing_stored(database.engine, VISITOR)
    assert (
        stored(database.engine, OTHER)["events"] == 3 + 4
        and stored(database.engine, OTHER)["staff_conversations"]
    )
    assert [r["reference"] for r in list_requests(database.engine)] == [
        "NTX-KEEP1"
    ]  # staff still follow it up
    entries, _ = list_entries(database.engine, action="conversation_erased")
    assert [(e.actor, e.target) for e in entries] == [("visitor", VISITOR)]
    rows, _ = list_conversations(database.engine, ConversationFilters(text="zarthwick"), 1, 50)
    assert rows == []  # the search index forgot it too

    again = await app_client.delete(f"/api/conversations/{VISITOR}", headers=bearer(settings))
    assert (await again.json())["deleted"] == {"events": 0, "visitor_messages": 0}


async def test_the_erased_turn_is_not_written_back_and_the_next_message_starts_afresh(
    store, database
):
    tracker = await chat(store, VISITOR, f"I'm {CANARY_NAME}", "delete my data")
    # The turn in which the visitor confirms: Rasa holds the whole tracker in memory while
    # the action runs; the app deletes the stored events; the action marks the turn.
    tracker.update(UserUttered("yes", {"name": "affirm", "confidence": 1.0}, timestamp=1100.0))
    erase_conversation(database.engine, VISITOR, datetime.now(timezone.utc))
    tracker.update(ActionExecuted("action_delete_my_data", timestamp=1100.1))
    tracker.update(SlotSet(ERASED_SLOT, True, timestamp=1100.2))
    tracker.update(BotUttered("Done: deleted.", timestamp=1100.3))
    tracker.update(ActionExecuted("action_listen", timestamp=1100.4))
    await store.save(tracker)
    assert nothing_stored(database.engine, VISITOR)
    assert await store.retrieve(VISITOR) is None  # Rasa starts a new session: nothing carried over

    fresh = await chat(store, VISITOR, "hello again", start=1200.0)
    restored = await store.retrieve_full_tracker(VISITOR)
    assert [e.text for e in restored.events if isinstance(e, UserUttered)] == ["hello again"]
    assert restored.get_slot("full_name") is None and len(restored.events) == len(fresh.events)


async def test_an_index_batch_read_before_the_erasure_writes_nothing_back(
    store, database, monkeypatch
):
    await chat(store, VISITOR, CANARY_WORDS)
    original = conversation_index._move_watermark

    def erase_then_move(conn, old, new, gaps):
        # The batch was read; before it is written, the visitor's erasure commits.
        erase_conversation(database.engine, VISITOR, datetime.now(timezone.utc))
        return original(conn, old, new, gaps)

    monkeypatch.setattr(conversation_index, "_move_watermark", erase_then_move)
    update_index(database.engine, now=2000.0)
    assert nothing_stored(database.engine, VISITOR)


def action_tracker(sender):
    return Tracker.from_dict(
        {
            "sender_id": sender,
            "slots": clinic_slot_values(),
            "latest_message": {
                "text": "yes",
                "intent": {"name": "affirm", "confidence": 1.0},
                "entities": [],
            },
            "events": [],
            "latest_action_name": "utter_confirm_delete_data",
        }
    )


async def test_the_action_asks_the_app_and_tells_the_visitor_what_was_deleted(
    two_visitors, app_client, database, monkeypatch
):
    monkeypatch.setenv("BOT_URL", f"http://127.0.0.1:{app_client.port}")
    dispatcher, tracker = CollectingDispatcher(), action_tracker(VISITOR)
    result = await ActionDeleteMyData().run(dispatcher, tracker, {})
    assert result == [{"event": "slot", "timestamp": None, "name": ERASED_SLOT, "value": True}]
    (message,) = rendered(dispatcher, tracker)
    assert "3 of your messages" in message["text"] and "NTX-KEEP1" in message["text"]
    assert clinic_slot_values()["clinic_phone"] in message["text"]  # how to withdraw the request
    assert nothing_stored(database.engine, VISITOR)

    dispatcher, tracker = CollectingDispatcher(), action_tracker(OTHER)
    await ActionDeleteMyData().run(dispatcher, tracker, {})
    (message,) = rendered(dispatcher, tracker)
    assert message["response"] == "utter_data_deleted" and "1 of your messages" in message["text"]


async def test_when_the_app_cannot_be_reached_nothing_is_claimed(
    two_visitors, monkeypatch, database
):
    monkeypatch.setenv("BOT_URL", "http://127.0.0.1:9")  # nothing listens on the discard port
    dispatcher, tracker = CollectingDispatcher(), action_tracker(VISITOR)
    assert (
        await ActionDeleteMyData().run(dispatcher, tracker, {}) == []
    )  # no erasure mark: Rasa stores as usual
    (message,) = rendered(dispatcher, tracker)
    assert (
        message["response"] == "utter_delete_data_failed"
        and "nothing was deleted" in message["text"]
    )
    assert stored(database.engine, VISITOR)["events"] > 0
