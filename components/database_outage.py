"""Ride out a short database outage (a PostgreSQL restart or failover) inside a Rasa turn.

Rasa wraps the tracker store in FailSafeTrackerStore: a failed read becomes "no such
conversation" (the visitor would be greeted as new) and a failed write lands in memory
(the turn is lost when that process ends). Retrying for a little while instead keeps the
conversation whole across a restart: the turn just takes longer. Only OperationalError is
retried (connection refused, reset, terminated by the administrator, SQLite busy): other
errors are bugs and fail at once.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import time
from typing import Any, Awaitable, Callable, TypeVar

from sqlalchemy.exc import OperationalError

logger = logging.getLogger(__name__)

T = TypeVar("T")

# Under the gateway's 30 s turn budget (bot/rasa_client.py), with room for the turn itself.
OUTAGE_WAIT_S = 20.0
FIRST_DELAY_S, MAX_DELAY_S = 0.25, 2.0


def rides_out_outages(method: Callable[..., Awaitable[T]]) -> Callable[..., Awaitable[T]]:
    """Retry an async tracker-store method on OperationalError for up to OUTAGE_WAIT_S.

    The wrapped methods must be safe to repeat: a read is, and ClinicTrackerStore.save
    writes only the events not stored yet, so a commit that did land is not repeated.
    """

    @functools.wraps(method)
    async def retrying(*args: Any, **kwargs: Any) -> T:
        deadline, delay = time.monotonic() + OUTAGE_WAIT_S, FIRST_DELAY_S
        while True:
            try:
                return await method(*args, **kwargs)
            except OperationalError as exc:
                if time.monotonic() + delay > deadline:
                    raise
                # The DBAPI error's class only: its message may quote parameters.
                logger.warning(
                    "event=database_retry method=%s error=%s",
                    method.__name__,
                    type(exc.orig).__name__,
                )
                await asyncio.sleep(delay)
                delay = min(delay * 2, MAX_DELAY_S)

    return retrying
