"""The database connection: one SQLAlchemy engine, used from a thread pool.

SQLAlchemy 1.4 (Rasa's pin) has no asyncio driver for SQLite here, so every statement
runs in the event loop's default thread executor (`Database.run`): a slow disk or a
lock held by Rasa's tracker store then never stalls the web app.
"""

from __future__ import annotations

import asyncio
import functools
from typing import Callable, TypeVar

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.pool import QueuePool

T = TypeVar("T")

# Rasa (tracker store) and this app write the same SQLite file from two processes:
# wait this long for the other's write lock instead of failing at once.
SQLITE_BUSY_TIMEOUT_S = 10


def create_db_engine(database_url: str) -> Engine:
    url = make_url(database_url)
    # hide_parameters: SQL errors must not carry visitors' names or phone numbers into logs.
    if not url.drivername.startswith("sqlite"):
        return create_engine(url, future=True, hide_parameters=True, pool_pre_ping=True)

    engine = create_engine(
        url,
        future=True,
        hide_parameters=True,
        # SQLAlchemy 1.4 opens a new SQLite connection per session (NullPool): py-spy put
        # connecting at ~10% of Rasa's CPU per turn. A pool keeps them open (2.0's default);
        # a pooled connection serves one thread at a time, so it may change threads.
        poolclass=QueuePool,
        connect_args={"timeout": SQLITE_BUSY_TIMEOUT_S, "check_same_thread": False},
    )

    @event.listens_for(engine, "connect")
    def _sqlite_pragmas(dbapi_connection, _record) -> None:
        cursor = dbapi_connection.cursor()
        # WAL: readers never block the other process's writer. It is stored in the file,
        # so setting it on every connection is a cheap no-op after the first.
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_S * 1000}")
        cursor.close()

    return engine


class Database:
    """The engine plus a way to run blocking storage functions off the event loop."""

    def __init__(self, database_url: str) -> None:
        self.engine = create_db_engine(database_url)

    async def run(self, fn: Callable[..., T], *args) -> T:
        """Run `fn(engine, *args)` in the default thread executor."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(None, functools.partial(fn, self.engine, *args))

    def close(self) -> None:
        self.engine.dispose()


def ping(engine: Engine) -> None:
    with engine.connect() as conn:
        conn.execute(text("SELECT 1"))
