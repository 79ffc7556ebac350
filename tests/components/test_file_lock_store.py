"""Rasa's ticket lock shared by forked Rasa workers without Redis (components/lock_store.py).

The default profile runs two Sanic workers of one Rasa server (issue 21); a conversation's
turns must still run one at a time whichever worker takes them. Here two forked processes
take turns on the same conversations through FileLockStore; a turn records when it holds
the lock, and no two turns of one conversation overlap.
"""

from __future__ import annotations

import asyncio
import json
import multiprocessing
import time

import pytest

from components import lock_store
from components.lock_store import ClinicInMemoryLockStore, FileLockStore

TURNS = 15
TURN_S = 0.01


async def take_turns(directory, conversation_ids, log_path) -> None:
    store = FileLockStore(directory)
    spans = []
    for n in range(TURNS):
        conversation_id = conversation_ids[n % len(conversation_ids)]
        async with store.lock(conversation_id, lock_lifetime=10, wait_time_in_seconds=0.005):
            start = time.monotonic()
            await asyncio.sleep(TURN_S)
            spans.append((conversation_id, start, time.monotonic()))
    log_path.write_text(json.dumps(spans))


def worker(directory, conversation_ids, log_path) -> None:
    asyncio.run(take_turns(directory, conversation_ids, log_path))


def test_turns_of_one_conversation_never_overlap_across_processes(tmp_path):
    directory = tmp_path / "locks"
    context = multiprocessing.get_context("fork")  # as Sanic forks its workers
    logs = [tmp_path / f"worker-{n}.json" for n in range(2)]
    processes = [
        context.Process(target=worker, args=(directory, ["conv-a", "conv-b"], log)) for log in logs
    ]
    for process in processes:
        process.start()
    for process in processes:
        process.join(60)
        assert process.exitcode == 0
    spans = [tuple(span) for log in logs for span in json.loads(log.read_text())]
    assert len(spans) == 2 * TURNS
    for conversation_id in ("conv-a", "conv-b"):
        mine = sorted((s, e) for c, s, e in spans if c == conversation_id)
        assert all(end <= next_start for (_, end), (next_start, _) in zip(mine, mine[1:]))
    assert [p.name for p in directory.iterdir()] == [".mutex"]  # every lock deleted after use


async def test_a_turn_after_a_dead_one_is_served_once_its_ticket_expires(tmp_path, monkeypatch):
    monkeypatch.setattr(lock_store, "LOCK_LIFETIME", 1.0)
    store = FileLockStore(tmp_path)
    store.issue_ticket("conv-1", 1.0)  # a worker died mid-turn: its ticket is never cleaned up
    other_worker = FileLockStore(tmp_path)
    async with other_worker.lock("conv-1", lock_lifetime=1.0, wait_time_in_seconds=0.2):
        pass
    assert store.get_lock("conv-1") is None


@pytest.mark.parametrize(("workers", "kind"), [("2", FileLockStore), ("", ClinicInMemoryLockStore)])
def test_the_lock_store_follows_the_number_of_workers(tmp_path, monkeypatch, workers, kind):
    monkeypatch.delenv("REDIS_URL", raising=False)
    monkeypatch.setenv("VAR_DIR", str(tmp_path))
    monkeypatch.setenv("SANIC_WORKERS", workers)
    assert type(lock_store.ClinicLockStore()) is kind
