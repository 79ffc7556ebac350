"""Requests nobody has handled yet, counted per location: for the daily digest, and for the
console's banner when email notifications are off."""

from __future__ import annotations

from typing import List, Optional, Tuple

from sqlalchemy import func, select
from sqlalchemy.engine import Connection, Engine

from bot.storage.tables import appointment_requests as requests

NEW_STATUS = "new"  # appointment_requests.status of a request no one has acted on yet

Counts = List[Tuple[Optional[str], int]]


def count_new(conn: Connection) -> Counts:
    """[(location or None, requests still 'new')], by location name, "no location" last."""
    rows = conn.execute(
        select(requests.c.location, func.count())
        .where(requests.c.status == NEW_STATUS)
        .group_by(requests.c.location)
    ).all()
    return sorted(
        ((location, count) for location, count in rows), key=lambda r: (r[0] is None, r[0] or "")
    )


def new_request_counts(engine: Engine) -> Counts:
    with engine.connect() as conn:
        return count_new(conn)
