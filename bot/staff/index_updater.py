"""Keeps the conversation index current while the app runs: a background task tails Rasa's
events every POLL_S seconds, and list pages ask for one more batch before they query."""

from __future__ import annotations

import asyncio
import logging
from typing import Callable

from aiohttp import web
from sqlalchemy.exc import SQLAlchemyError

from bot.background_task import lifetime_task
from bot.staff.conversation_index import BATCH_SIZE, update_index
from clinic.database import Database

logger = logging.getLogger("bot.staff.index")
POLL_S = 2.0


class IndexUpdater:
    def __init__(self, database: Callable[[], Database], crisis_notices: bool = False) -> None:
        self._database = database  # the app opens its Database at start-up, after this exists
        self._crisis_notices = (
            crisis_notices  # queue a staff notification per newly flagged conversation
        )
        self._lock = asyncio.Lock()  # one batch at a time in this process

    async def step(self) -> int:
        async with self._lock:
            return await self._database().run(update_index, BATCH_SIZE, None, self._crisis_notices)

    async def refresh(self) -> None:
        """Before a page: index what arrived since the last poll, unless a batch is running."""
        if self._lock.locked():
            return
        try:
            await self.step()
        except SQLAlchemyError as exc:  # busy database: the page shows the index as it is
            logger.warning("index refresh skipped: %s", type(exc).__name__)

    async def run_forever(self) -> None:
        while True:
            try:
                applied = await self.step()
            except SQLAlchemyError as exc:
                logger.warning("index update failed, retrying: %s", type(exc).__name__)
                applied = 0
            if applied:
                logger.info("index updated: %d events", applied)
            if applied < BATCH_SIZE:  # caught up: wait for new events
                await asyncio.sleep(POLL_S)


INDEXER = web.AppKey("staff_indexer", IndexUpdater)


run_indexer = lifetime_task(lambda app: app[INDEXER].run_forever())
