"""Rasa's lock store from REDIS_URL: Redis when it is set, else in memory.

Rasa serialises the turns of one conversation with a ticket lock. In memory, that lock
only holds inside one Rasa process; with several Rasa processes or replicas sharing the
tracker store (production, issue 8), it must live in Redis. endpoints.yml names this
class, so the same file serves both: only the environment differs.

One change to Rasa's ticket lock: a ticket waiting its turn is renewed while its process
waits. In Rasa 3.6 every ticket expires a fixed time (TICKET_LOCK_LIFETIME) after it was
issued, waiting or not. When a Rasa process dies mid-turn, its ticket stays until it
expires; the next turn's ticket, issued moments later, then expires moments after it,
usually between two of the waiter's once-a-second checks, and the waiter waits forever
on an empty lock (the gateway gives up after 30 s; the conversation is stuck until the
next message). Renewed, the waiter is served as soon as the dead turn's ticket expires.
A process that dies stops renewing, so its tickets still expire.

Rasa builds a custom lock store as `ClinicLockStore(endpoint_config=...)`; the returned
object is one of the two classes below, Rasa's own stores with that change.
tests/production/test_lock_store.py checks that Rasa really loads it from endpoints.yml.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any, Optional, Text

from rasa.core.lock import TicketLock
from rasa.core.lock_store import (
    LOCK_LIFETIME,
    InMemoryLockStore,
    LockError,
    LockStore,
    RedisLockStore,
)

from clinic.settings import load_settings

logger = logging.getLogger(__name__)


class RenewsWaitingTickets:
    """Rasa's LockStore._acquire_lock, renewing the waiting ticket at each check."""

    async def _acquire_lock(
        self, conversation_id: Text, ticket: int, wait_time_in_seconds: float
    ) -> TicketLock:
        while True:
            lock = self.get_lock(conversation_id)
            if not lock:
                break
            if not lock.is_locked(ticket):
                return lock
            if ticket not in (t.number for t in lock.tickets):
                break  # expired while this process stalled: fail the turn rather than wait forever
            await asyncio.sleep(wait_time_in_seconds)
            self._renew(conversation_id, ticket)
        raise LockError(f"Could not acquire lock for conversation_id '{conversation_id}'.")

    def _renew(self, conversation_id: Text, ticket: int) -> None:
        # Rasa's update_lock (drop expired tickets, save), keeping this ticket alive.
        lock = self.get_lock(conversation_id)
        if lock:
            lock.remove_expired_tickets()
            for waiting in lock.tickets:
                if waiting.number == ticket:
                    waiting.expires = time.time() + LOCK_LIFETIME
            self.save_lock(lock)


class ClinicRedisLockStore(RenewsWaitingTickets, RedisLockStore):
    pass


class ClinicInMemoryLockStore(RenewsWaitingTickets, InMemoryLockStore):
    pass


def redis_lock_store(redis_url: str) -> ClinicRedisLockStore:
    """The Redis lock store for a redis:// or rediss:// URL (user, password, /db optional)."""
    from redis.connection import parse_url

    parts = parse_url(redis_url)
    options = {
        name: parts[name] for name in ("username", "password", "db") if parts.get(name) is not None
    }
    return ClinicRedisLockStore(
        host=parts.get("host", "localhost"),
        port=int(parts.get("port", 6379)),
        use_ssl=redis_url.startswith("rediss://"),
        **options,
    )


class ClinicLockStore(LockStore):
    def __new__(cls, endpoint_config: Optional[Any] = None, **_: Any) -> LockStore:  # type: ignore[misc]
        redis_url = load_settings().redis_url
        if redis_url:
            logger.info("event=lock_store kind=redis")
            return redis_lock_store(redis_url)
        logger.info("event=lock_store kind=in_memory")
        return ClinicInMemoryLockStore()
