"""Retention (`python -m bot purge --older-than 90d`): transcripts and closed requests past the
configured period (RETENTION_DAYS, default 90) leave the database, and the purge is audited.

- A conversation goes when its newest event is older than the cutoff: its events in
  Rasa's tracker store and everything the console derived from it (bot/privacy/erasure.py).
- A request goes when it is closed, was created before the cutoff and nobody changed or
  annotated it since: with its history and whatever else refers to it. Open requests
  stay whatever their age: staff still have to act on them.
- The action server's outbox loses delivered and failed rows older than the cutoff
  (pending ones still have to be delivered).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import List, Optional, Tuple

from sqlalchemy import and_, delete, exists, func, select
from sqlalchemy.engine import Engine

from bot.privacy.erasure import forget_conversations
from bot.staff import audit
from bot.staff import tracker_events as te
from bot.storage.schema import metadata
from bot.storage.staff_tables import staff_conversations, staff_request_events
from bot.storage.tables import appointment_requests as requests
from clinic.clock import as_utc, utc_now

CHUNK = 500  # conversations or requests per transaction: the write lock is held briefly
PERIOD = re.compile(r"^\s*(\d+)\s*d?\s*$")


@dataclass(frozen=True)
class PurgeResult:
    cutoff: datetime
    conversations: int
    events: int
    requests: int
    outbox_rows: int

    def summary(self) -> str:
        return (
            f"{self.conversations} conversations ({self.events} events), {self.requests} closed requests"
            f" and {self.outbox_rows} outbox rows from before {self.cutoff:%Y-%m-%d %H:%M} UTC"
        )


def parse_period(text: str) -> timedelta:
    """ "90d" or "90": a number of days, at least one."""
    match = PERIOD.match(text)
    if not match or int(match.group(1)) < 1:
        raise ValueError(f"{text!r} is not a number of days, e.g. 90d")
    return timedelta(days=int(match.group(1)))


def stale_conversations(engine: Engine, cutoff: datetime) -> List[str]:
    """Conversations with no event since the cutoff (by the events, and by the index for leftovers)."""
    limit = cutoff.timestamp()
    with engine.connect() as conn:
        found = set()
        if te.events_table_exists(conn):
            found.update(
                conn.execute(
                    select(te.events.c.sender_id)
                    .group_by(te.events.c.sender_id)
                    .having(func.max(te.events.c.timestamp) < limit)
                ).scalars()
            )
        found.update(
            conn.execute(
                select(staff_conversations.c.sender_id).where(staff_conversations.c.last_at < limit)
            ).scalars()
        )
    return sorted(found)


def closed_requests(engine: Engine, cutoff: datetime) -> List[Tuple[int, str]]:
    touched_since = exists().where(
        staff_request_events.c.request_id == requests.c.id, staff_request_events.c.at >= cutoff
    )
    with engine.connect() as conn:
        return [
            tuple(r)
            for r in conn.execute(
                select(requests.c.id, requests.c.reference)
                .where(
                    requests.c.status == "closed", requests.c.created_at < cutoff, ~touched_since
                )
                .order_by(requests.c.id)
            )
        ]


def _still_stale(conn, senders: List[str], cutoff: datetime) -> List[str]:
    """Re-checked inside the deleting transaction: a visitor who came back keeps the conversation."""
    if not te.events_table_exists(conn):
        return senders
    active = set(
        conn.execute(
            select(te.events.c.sender_id)
            .distinct()
            .where(te.events.c.sender_id.in_(senders), te.events.c.timestamp >= cutoff.timestamp())
        ).scalars()
    )
    return [s for s in senders if s not in active]


def _referring_columns():
    """Every column (of every app table) that refers to a request: deleted with it."""
    return [
        fk.parent
        for table in metadata.sorted_tables
        for fk in table.foreign_keys
        if fk.column is requests.c.id
    ]


def purge(engine: Engine, cutoff: datetime, actor: str, now: datetime, outbox=None) -> PurgeResult:
    """Delete what is past the cutoff (an aware datetime) and audit it in the last transaction."""
    cutoff = as_utc(cutoff)
    senders = stale_conversations(engine, cutoff)
    conversations = events = 0
    for start in range(0, len(senders), CHUNK):
        with engine.begin() as conn:
            chunk = _still_stale(conn, senders[start : start + CHUNK], cutoff)
            events += forget_conversations(conn, chunk)
            conversations += len(chunk)

    stale_requests = closed_requests(engine, cutoff)
    removed = 0
    for start in range(0, len(stale_requests), CHUNK):
        ids = [request_id for request_id, _ in stale_requests[start : start + CHUNK]]
        with engine.begin() as conn:
            still_closed = and_(requests.c.id.in_(ids), requests.c.status == "closed")
            ids = list(conn.execute(select(requests.c.id).where(still_closed)).scalars())
            for column in _referring_columns():
                conn.execute(delete(column.table).where(column.in_(ids)))
            removed += conn.execute(delete(requests).where(requests.c.id.in_(ids))).rowcount

    outbox_rows = outbox.purge_finished(cutoff.timestamp()) if outbox is not None else 0
    result = PurgeResult(cutoff, conversations, events, removed, outbox_rows)
    audit.record(engine, actor, "retention_purge", result.summary(), None, now)
    return result


def preview(engine: Engine, cutoff: datetime) -> Tuple[int, int]:
    """(conversations, closed requests) a purge with this cutoff would delete now."""
    cutoff = as_utc(cutoff)
    return len(stale_conversations(engine, cutoff)), len(closed_requests(engine, cutoff))


def default_cutoff(retention_days: int, now: Optional[datetime] = None) -> datetime:
    return (now or utc_now()) - timedelta(days=retention_days)
