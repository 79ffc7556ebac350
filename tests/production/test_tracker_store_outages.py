"""The tracker store's defences for a database that goes away for a moment (unit level, SQLite).

The live PostgreSQL restart is in test_faults.py; here: the retry's limits, and the guard
that keeps a tracker Rasa started from scratch during an outage out of a stored conversation.
"""

from __future__ import annotations

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy.exc import OperationalError

from components import database_outage
from components.database_outage import rides_out_outages
from components.tracker_store import ClinicTrackerStore, NotAContinuation


@pytest.fixture
def store(tmp_path, monkeypatch):
    monkeypatch.delenv("DATA_ENCRYPTION_KEYS", raising=False)
    monkeypatch.setenv("DATA_KEY_FILE", str(tmp_path / "keys" / "data.key"))
    tracker_store = ClinicTrackerStore(
        domain=Domain.empty(), database_url=f"sqlite:///{tmp_path / 'clinic.db'}"
    )
    yield tracker_store
    tracker_store.engine.dispose()


def conversation(*texts: str) -> DialogueStateTracker:
    events = [ActionExecuted("action_listen")]
    for text in texts:
        events += [UserUttered(text), BotUttered(f"re: {text}"), ActionExecuted("action_listen")]
    return DialogueStateTracker.from_events("visitor-1", events)


class Flaky:
    """An async operation failing with a lost connection `failures` times, then answering."""

    def __init__(self, failures: int, error: Exception = None) -> None:
        self.failures, self.calls = failures, 0
        self.error = error or OperationalError("SELECT 1", {}, ConnectionRefusedError())

    @rides_out_outages
    async def run(self) -> str:
        self.calls += 1
        if self.calls <= self.failures:
            raise self.error
        return "answered"


async def test_a_short_outage_is_waited_out(monkeypatch):
    monkeypatch.setattr(database_outage, "FIRST_DELAY_S", 0.01)
    flaky = Flaky(failures=3)
    assert await flaky.run() == "answered" and flaky.calls == 4


async def test_a_long_outage_still_fails_in_the_end(monkeypatch):
    monkeypatch.setattr(database_outage, "FIRST_DELAY_S", 0.01)
    monkeypatch.setattr(database_outage, "OUTAGE_WAIT_S", 0.2)
    with pytest.raises(OperationalError):
        await Flaky(failures=10_000).run()


async def test_other_errors_are_not_retried():
    flaky = Flaky(failures=1, error=ValueError("a bug"))
    with pytest.raises(ValueError):
        await flaky.run()
    assert flaky.calls == 1


async def test_saving_a_continued_conversation_appends_only_the_new_turn(store):
    await store.save(conversation("hello"))
    tracker = await store.retrieve("visitor-1")
    tracker.update_with_events([UserUttered("and then?"), BotUttered("re: and then?")], None)
    await store.save(tracker)
    stored = await store.retrieve("visitor-1")
    assert [e.text for e in stored.events if isinstance(e, UserUttered)] == ["hello", "and then?"]


async def test_a_tracker_started_from_scratch_is_not_spliced_into_the_stored_one(store):
    # What Rasa's FailSafeTrackerStore hands over after a failed read: a new tracker for the same id.
    await store.save(conversation("hello", "my name is Ann"))
    with pytest.raises(NotAContinuation):
        await store.save(conversation("hi", "what do you do", "who are you", "bye"))
    stored = await store.retrieve("visitor-1")
    assert [e.text for e in stored.events if isinstance(e, UserUttered)] == [
        "hello",
        "my name is Ann",
    ]
