"""Appointment and callback requests: store once per idempotency key, list for staff.

Blocking functions taking the engine; the web app calls them through `Database.run`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import List

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from bot.storage.notification_outbox import enqueue_request_notice
from bot.storage.tables import appointment_requests as table
from clinic.clock import as_utc, utc_now


class ReferenceTaken(Exception):
    """Another request (different idempotency key) already holds this reference."""


@dataclass(frozen=True)
class StoreResult:
    reference: str
    created: bool


def store_request(
    engine: Engine, request: dict, idempotency_key: str, notify: bool = True
) -> StoreResult:
    """Insert the request unless its idempotency key was seen before.

    Insert first and let the unique constraint decide: a check-then-insert would let two
    concurrent deliveries of the same request both pass the check. With `notify`, the staff
    notification is queued in the same transaction: a stored request always has its notice,
    and a repeated call (rolled back by the constraint) adds none.
    """
    row = {**request, "idempotency_key": idempotency_key, "created_at": utc_now()}
    try:
        with engine.begin() as conn:
            inserted = conn.execute(table.insert().values(**row))
            if notify:
                enqueue_request_notice(
                    conn,
                    inserted.inserted_primary_key[0],
                    row["kind"],
                    row["reference"],
                    row.get("location"),
                    row["created_at"],
                )
        return StoreResult(request["reference"], created=True)
    except IntegrityError:
        pass
    with engine.connect() as conn:
        stored = conn.execute(
            select(table.c.reference).where(table.c.idempotency_key == idempotency_key)
        ).scalar_one_or_none()
    if stored is None:
        raise ReferenceTaken(request["reference"])
    return StoreResult(stored, created=False)


def list_requests(engine: Engine) -> List[dict]:
    """Every request, newest first, with created_at as an aware UTC datetime."""
    query = select(table).order_by(table.c.created_at.desc(), table.c.id.desc())
    with engine.connect() as conn:
        rows = [dict(r._mapping) for r in conn.execute(query)]
    for row in rows:
        created = row["created_at"]
        # SQLite hands back naive datetimes; they were written in UTC.
        if created is not None and created.tzinfo is None:
            row["created_at"] = as_utc(created)
    return rows
