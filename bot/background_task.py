"""A background task that lives exactly as long as the app (an aiohttp cleanup_ctx entry)."""

from __future__ import annotations

import asyncio
import contextlib
from typing import AsyncIterator, Awaitable, Callable

from aiohttp import web


def lifetime_task(
    work: Callable[[web.Application], Awaitable[None]],
) -> Callable[[web.Application], AsyncIterator[None]]:
    """cleanup_ctx entry: start `work(app)` at start-up, cancel and await it at shutdown."""

    async def run(app: web.Application) -> AsyncIterator[None]:
        task = asyncio.create_task(work(app))
        yield
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task

    return run
