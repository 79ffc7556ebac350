"""Rasa's lock store as endpoints.yml configures it: Redis with REDIS_URL, else in memory.

Rasa builds the class named in endpoints.yml itself; these tests go through the same
path (AvailableEndpoints.read_endpoints + LockStore.create), so a typo in the module path
or a class that fails to build would fail here, not silently at run time.
"""

from __future__ import annotations

import redis
from rasa.core.lock_store import LockStore
from rasa.core.utils import AvailableEndpoints

from clinic.settings import PROJECT_DIR
from components.lock_store import ClinicInMemoryLockStore, ClinicRedisLockStore, redis_lock_store


def configured_lock_store() -> LockStore:
    endpoints = AvailableEndpoints.read_endpoints(str(PROJECT_DIR / "endpoints.yml"))
    assert endpoints.lock_store is not None, "endpoints.yml configures no lock store"
    return LockStore.create(endpoints.lock_store)


def test_without_redis_url_rasa_gets_the_in_memory_lock_store(monkeypatch):
    monkeypatch.setenv("ACTION_SERVER_URL", "http://127.0.0.1:1/webhook")
    monkeypatch.setenv("ACTION_SERVER_TOKEN", "test-actions-token")
    monkeypatch.delenv("REDIS_URL", raising=False)
    assert type(configured_lock_store()) is ClinicInMemoryLockStore


async def test_with_redis_url_two_rasa_processes_share_each_conversations_lock(
    redis_server, monkeypatch
):
    monkeypatch.setenv("ACTION_SERVER_URL", "http://127.0.0.1:1/webhook")
    monkeypatch.setenv("ACTION_SERVER_TOKEN", "test-actions-token")
    monkeypatch.setenv("REDIS_URL", redis_server.url)
    first, second = configured_lock_store(), configured_lock_store()  # as in two processes
    assert type(first) is ClinicRedisLockStore
    stored = redis.from_url(redis_server.url)

    async with first.lock("conv-shared-lock"):
        assert stored.exists("lock:conv-shared-lock")
        waiting = second.issue_ticket("conv-shared-lock")
        assert second.get_lock("conv-shared-lock").is_locked(waiting), (
            "the other process must wait its turn"
        )
        second.cleanup("conv-shared-lock", waiting)
    assert not stored.exists("lock:conv-shared-lock")


def test_redis_url_parts_reach_rasas_redis_client():
    store = redis_lock_store("redis://lockuser:s3cret@redis.internal:6380/3")
    connection = store.red.connection_pool.connection_kwargs
    assert (connection["host"], connection["port"], connection["db"]) == ("redis.internal", 6380, 3)
    assert (connection["username"], connection["password"]) == ("lockuser", "s3cret")
