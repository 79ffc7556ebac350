"""A bound on concurrent log-in checks: argon2 is memory-hard by design, so every check
running at once costs its memory (19 MiB, or 64 MiB for a hash not yet upgraded).

At most CHECKS_AT_ONCE checks run; up to WAITING more wait their turn (a burst of honest
log-ins at 8 a.m. still goes through); beyond that a log-in is refused at once, like any
other failure, without touching argon2. So 50 concurrent wrong log-ins cost at most
CHECKS_AT_ONCE x 64 MiB, and the chat, served by the same process, keeps answering.
"""

from __future__ import annotations

import asyncio
from typing import Awaitable, Callable, Optional, TypeVar

from aiohttp import web

T = TypeVar("T")

CHECKS_AT_ONCE = 2
WAITING = 16


class PasswordChecks:
    def __init__(self, at_once: int = CHECKS_AT_ONCE, waiting: int = WAITING) -> None:
        self._slots = asyncio.Semaphore(at_once)
        self._at_once, self._waiting_limit = at_once, waiting
        self._admitted = 0  # running + waiting

    async def run(self, check: Callable[[], Awaitable[T]]) -> Optional[T]:
        """The check's result, or None when too many are already running or waiting."""
        if self._admitted >= self._at_once + self._waiting_limit:
            return None
        self._admitted += 1
        try:
            async with self._slots:
                return await check()
        finally:
            self._admitted -= 1


PASSWORD_CHECKS = web.AppKey("staff_password_checks", PasswordChecks)
