"""The tracker store's in-process copy of recent conversations never hides the database.

Two ClinicTrackerStore instances on one SQLite file stand for two Rasa processes
(PROFILE=production) sharing conversations; rows deleted behind a store's back stand
for the app's erasure and retention purge.
"""

from __future__ import annotations

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy import text

from clinic.privacy_markers import ERASED_SLOT
from components.tracker_store import ClinicTrackerStore, NotAContinuation

SENDER = "visitor-1"


@pytest.fixture
def database_url(tmp_path, monkeypatch):
    monkeypatch.delenv("DATA_ENCRYPTION_KEYS", raising=False)
    monkeypatch.setenv("DATA_KEY_FILE", str(tmp_path / "keys" / "data.key"))
    return f"sqlite:///{tmp_path / 'clinic.db'}"


@pytest.fixture
def stores(database_url):
    made = [ClinicTrackerStore(domain=Domain.empty(), database_url=database_url) for _ in range(2)]
    yield made
    for store in made:
        store.engine.dispose()


def said(tracker) -> list:
    return [e.text for e in tracker.events if isinstance(e, UserUttered)] if tracker else []


def stored_rows(store) -> int:
    with store.engine.connect() as conn:
        return conn.execute(
            text("SELECT count(*) FROM events WHERE sender_id = :s"), {"s": SENDER}
        ).scalar()


async def turn(store, words: str, *extra) -> None:
    """One visitor message handled by `store`'s process: read, append, save."""
    tracker = await store.retrieve(SENDER) or DialogueStateTracker(SENDER, slots=[])
    tracker.update_with_events(
        [UserUttered(words), BotUttered(f"re: {words}"), *extra, ActionExecuted("action_listen")],
        None,
    )
    await store.save(tracker)


async def test_turns_handled_by_two_processes_read_back_whole_and_stored_once(stores):
    first, second = stores
    await turn(first, "hello")
    await turn(first, "how long does it last")  # first now holds the conversation in memory
    await turn(second, "where are you")
    await turn(first, "who are the providers")  # must see second's turn, not its own old copy
    await turn(second, "thanks")
    expected = [
        "hello",
        "how long does it last",
        "where are you",
        "who are the providers",
        "thanks",
    ]
    assert said(await first.retrieve(SENDER)) == expected
    assert said(await second.retrieve(SENDER)) == expected
    assert stored_rows(first) == 5 * 3  # each turn's three events, once


async def test_a_conversation_deleted_in_the_database_is_gone_for_the_process_too(stores):
    store, _ = stores
    await turn(store, "my name is Ann")
    await turn(store, "call me tomorrow")
    with store.engine.begin() as conn:  # what the app's erasure and retention purge do
        conn.execute(text("DELETE FROM events WHERE sender_id = :s"), {"s": SENDER})
    assert await store.retrieve(SENDER) is None
    await turn(store, "hi again")
    assert said(await store.retrieve(SENDER)) == ["hi again"]


async def test_the_erasure_turn_is_not_written_and_the_next_read_is_fresh(stores):
    store, other = stores
    await turn(store, "hello")
    await turn(store, "delete my data", SlotSet(ERASED_SLOT, True))
    assert stored_rows(store) == 3
    assert said(await store.retrieve(SENDER)) == said(await other.retrieve(SENDER)) == ["hello"]


async def test_a_new_session_is_read_from_its_start(stores):
    store, _ = stores
    await turn(store, "before")
    await turn(store, "start over", ActionExecuted("action_session_start"), SessionStarted())
    await turn(store, "after")
    assert said(await store.retrieve(SENDER)) == ["after"]
    assert said(await store.retrieve_full_tracker(SENDER)) == ["before", "start over", "after"]


async def test_a_tracker_from_scratch_is_refused_though_the_conversation_is_cached(stores):
    store, _ = stores
    await turn(store, "hello")
    await turn(store, "my name is Ann")
    fresh = DialogueStateTracker.from_events(
        SENDER, [ActionExecuted("action_listen"), UserUttered("hi")]
    )
    with pytest.raises(NotAContinuation):
        await store.save(fresh)
    assert said(await store.retrieve(SENDER)) == ["hello", "my name is Ann"]


def test_cache_keeps_within_its_byte_budget():
    """The cache's size is a budget in bytes: least recently used conversations go first."""
    from components.tracker_store import CachedSession, ConversationCache, approximate_size

    events = tuple(
        UserUttered(f"message {i}", {"name": "faq", "confidence": 0.9}, timestamp=i)
        for i in range(20)
    )
    size = approximate_size(events)
    assert size > 20 * 500  # decoded events are far bigger than their text
    cache = ConversationCache(max_bytes=int(size * 3.5))
    for n in range(5):
        cache.put(f"c{n}", CachedSession(events, 20, (20, n), size))
        assert cache.bytes <= cache.max_bytes
    assert [s for s in ("c0", "c1", "c2", "c3", "c4") if cache.get(s, (20, int(s[1])))] == [
        "c2",
        "c3",
        "c4",
    ]
    cache.drop("c3")
    assert cache.bytes == 2 * size
    cache.put("huge", CachedSession(events, 20, (20, 9), cache.max_bytes + 1))
    assert cache.get("huge", (20, 9)) is None and cache.bytes == 2 * size
