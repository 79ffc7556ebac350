"""Rasa's lock store from REDIS_URL: Redis when it is set, else in memory.

Rasa serialises the turns of one conversation with a ticket lock. In memory, that lock
only holds inside one Rasa process; with several Rasa processes or replicas sharing the
tracker store (production, issue 8), it must live in Redis. endpoints.yml names this
class, so the same file serves both: only the environment differs.

Rasa builds a custom lock store as `ClinicLockStore(endpoint_config=...)`; the returned
object is Rasa's own RedisLockStore or InMemoryLockStore, unchanged.
tests/production/test_lock_store.py checks that Rasa really loads it from endpoints.yml.
"""
from __future__ import annotations

import logging
from typing import Any, Optional

from rasa.core.lock_store import InMemoryLockStore, LockStore, RedisLockStore

from bot.settings import load_settings

logger = logging.getLogger(__name__)


def redis_lock_store(redis_url: str) -> RedisLockStore:
    """Rasa's RedisLockStore for a redis:// or rediss:// URL (user, password, /db optional)."""
    from redis.connection import parse_url

    parts = parse_url(redis_url)
    options = {name: parts[name] for name in ("username", "password", "db") if parts.get(name) is not None}
    return RedisLockStore(
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
        return InMemoryLockStore()
