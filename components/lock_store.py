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

Without Redis, one machine (the default profile): Rasa runs RASA_WORKERS forked Sanic
workers on one port (issue 21). Their lock is a file per conversation under
VAR_DIR/rasa-locks (FileLockStore): every read-modify-write of a lock holds one flock, so
tickets are issued and served in order across the workers, as Redis would. With one
worker the lock stays in memory.

Rasa builds a custom lock store as `ClinicLockStore(endpoint_config=...)`; the returned
object is one of the classes below, Rasa's own stores with that change.
tests/production/test_lock_store.py checks that Rasa really loads it from endpoints.yml.
"""

from __future__ import annotations

import asyncio
import fcntl
import hashlib
import json
import logging
import os
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator, Optional, Text

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


class FileLockStore(RenewsWaitingTickets, LockStore):
    """Rasa's ticket locks in files, shared by the Rasa workers of one machine.

    A lock is a JSON file named by a hash of the conversation id (no ids in file names),
    replaced atomically. Rasa's read-modify-write steps (issue a ticket, drop expired ones,
    finish serving, delete) each hold an exclusive flock on one mutex file, so two workers
    never issue the same ticket number or lose each other's tickets. The flock is held for
    a file read and write, never across a turn.
    """

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        self._mutex_path = self.directory / ".mutex"
        super().__init__()

    @contextmanager
    def _exclusive(self) -> Iterator[None]:
        with open(self._mutex_path, "a") as mutex:
            fcntl.flock(mutex, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(mutex, fcntl.LOCK_UN)

    def _path(self, conversation_id: Text) -> Path:
        name = hashlib.sha256(conversation_id.encode()).hexdigest()
        return self.directory / f"{name}.json"

    def get_lock(self, conversation_id: Text) -> Optional[TicketLock]:
        try:
            text = self._path(conversation_id).read_text()
        except FileNotFoundError:
            return None
        return TicketLock.from_dict(json.loads(text))

    def delete_lock(self, conversation_id: Text) -> None:
        try:
            self._path(conversation_id).unlink()
            deleted = True
        except FileNotFoundError:
            deleted = False
        self._log_deletion(conversation_id, deleted)

    def save_lock(self, lock: TicketLock) -> None:
        path = self._path(lock.conversation_id)
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(lock.dumps())
        os.replace(temporary, path)

    def issue_ticket(self, conversation_id: Text, lock_lifetime: float = LOCK_LIFETIME) -> int:
        with self._exclusive():
            return super().issue_ticket(conversation_id, lock_lifetime)

    def update_lock(self, conversation_id: Text) -> None:
        with self._exclusive():
            super().update_lock(conversation_id)

    def _renew(self, conversation_id: Text, ticket: int) -> None:
        with self._exclusive():
            super()._renew(conversation_id, ticket)

    def cleanup(self, conversation_id: Text, ticket_number: int) -> None:
        with self._exclusive():
            super().cleanup(conversation_id, ticket_number)


def rasa_workers() -> int:
    """Sanic workers of this Rasa process (SANIC_WORKERS, set by the launcher)."""
    try:
        return max(1, int(os.environ.get("SANIC_WORKERS", "1")))
    except ValueError:
        return 1


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
        if rasa_workers() > 1:
            logger.info("event=lock_store kind=file")
            return FileLockStore(load_settings().var_dir / "rasa-locks")
        logger.info("event=lock_store kind=in_memory")
        return ClinicInMemoryLockStore()
