"""A turn waiting behind one whose Rasa process died is served (components/lock_store.py).

The dead turn's ticket is never cleaned up; the waiting turn's ticket, issued just after,
would expire with it under Rasa's own lock store, and the turn would wait forever.
"""

from __future__ import annotations

import asyncio

import pytest
from rasa.core.lock_store import InMemoryLockStore

from components import lock_store
from components.lock_store import ClinicInMemoryLockStore

LIFETIME_S = 1.0


async def take_turn(store, conversation_id: str) -> None:
    async with store.lock(conversation_id, lock_lifetime=LIFETIME_S, wait_time_in_seconds=0.2):
        pass


@pytest.fixture
def short_tickets(monkeypatch):
    monkeypatch.setattr(lock_store, "LOCK_LIFETIME", LIFETIME_S)


async def test_the_turn_after_a_dead_one_is_served_once_its_ticket_expires(short_tickets):
    store = ClinicInMemoryLockStore()
    store.issue_ticket("conv-1", LIFETIME_S)  # the turn whose process died mid-turn
    await asyncio.wait_for(take_turn(store, "conv-1"), timeout=10)
    await asyncio.wait_for(take_turn(store, "conv-1"), timeout=10)  # and the lock is free after it
    assert store.get_lock("conv-1") is None


async def test_rasas_own_lock_store_would_leave_that_turn_waiting(short_tickets):
    store = InMemoryLockStore()
    store.issue_ticket("conv-1", LIFETIME_S)
    with pytest.raises(asyncio.TimeoutError):
        await asyncio.wait_for(take_turn(store, "conv-1"), timeout=4 * LIFETIME_S)
