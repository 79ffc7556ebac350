"""The notification outbox: enqueue in the event's own transaction, claim with a lease, mark.

Delivery is at-least-once with an exactly-once guard: a row is claimed by moving it to
'sending' under a lease in one conditional UPDATE, so two app processes never send the
same row; a process that dies mid-send leaves the lease to expire, and the row is sent
again (same Message-ID, so a duplicate is recognisable). Transient failures put the row
back to 'queued' with the reason and a later next_attempt_at; nothing is dropped.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Dict, List, Optional, Tuple

from sqlalchemy import and_, func, insert, or_, select, update
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError

from bot.storage.notification_tables import notifications as table
from clinic.clock import as_utc, utc_now

BOOKING, CALLBACK, CRISIS, DIGEST = "booking", "callback", "crisis", "digest"
CRISIS_SUMMARY = "crisis_more"  # "N more flagged conversations" in one hour, past the cap
KINDS = (BOOKING, CALLBACK, CRISIS, DIGEST, CRISIS_SUMMARY)
# Crisis notices one by one per rolling hour; past it, one summary notice per clock hour.
# Anyone can open chats and type crisis words: without a cap a script floods the staff
# inbox until the real flags drown. The visitor's crisis reply is Rasa's, never touched here.
CRISIS_NOTICES_PER_HOUR = 10
QUEUED, SENDING, SENT, FAILED = "queued", "sending", "sent", "failed"
STATUSES = (QUEUED, SENDING, SENT, FAILED)
ERROR_CHARS = table.c.last_error.type.length
DATETIME_COLUMNS = ("event_at", "next_attempt_at", "lease_until", "sent_at", "created_at")


def _insert_once(conn: Connection, values: dict) -> bool:
    """Insert unless a row with this dedupe_key exists; True when inserted.

    ON CONFLICT DO NOTHING, not a caught IntegrityError: the caller's transaction (the
    request insert, the index batch) must survive a notice another process already wrote.
    """
    dialect = conn.dialect.name
    if dialect in ("sqlite", "postgresql"):
        if dialect == "sqlite":
            from sqlalchemy.dialects.sqlite import insert as dialect_insert
        else:
            from sqlalchemy.dialects.postgresql import insert as dialect_insert
        statement = (
            dialect_insert(table)
            .values(**values)
            .on_conflict_do_nothing(index_elements=["dedupe_key"])
        )
        return conn.execute(statement).rowcount == 1
    try:
        with conn.begin_nested():
            conn.execute(insert(table).values(**values))
        return True
    except IntegrityError:
        return False


def enqueue(
    conn: Connection,
    kind: str,
    dedupe_key: str,
    event_at: datetime,
    *,
    request_id: Optional[int] = None,
    conversation_id: Optional[str] = None,
    reference: Optional[str] = None,
    location: Optional[str] = None,
    payload: Optional[dict] = None,
    now: Optional[datetime] = None,
) -> bool:
    """Queue one notice inside the caller's transaction; False if this event already has one."""
    now = as_utc(now or utc_now())
    return _insert_once(
        conn,
        {
            "kind": kind,
            "dedupe_key": dedupe_key,
            "request_id": request_id,
            "conversation_id": conversation_id,
            "reference": reference,
            "location": location,
            "event_at": as_utc(event_at),
            "payload": payload,
            "status": QUEUED,
            "attempts": 0,
            "next_attempt_at": now,
            "created_at": now,
        },
    )


def enqueue_request_notice(
    conn: Connection,
    request_id: int,
    kind: str,
    reference: str,
    location: Optional[str],
    created_at: datetime,
) -> bool:
    """A booking or callback request was stored (call in the transaction that stored it)."""
    return enqueue(
        conn,
        kind,
        f"request:{request_id}",
        created_at,
        request_id=request_id,
        reference=reference,
        location=location,
    )


def enqueue_crisis_notice(
    conn: Connection,
    sender_id: str,
    flagged_at: datetime,
    *,
    now: Optional[datetime] = None,
    cap: int = CRISIS_NOTICES_PER_HOUR,
) -> bool:
    """A conversation was flagged crisis: one notice per conversation, ever; past `cap`
    notices in the last hour it is counted in the hour's summary notice instead."""
    now = as_utc(now or utc_now())
    key = f"crisis:{sender_id}"
    if conn.execute(select(table.c.id).where(table.c.dedupe_key == key)).first():
        return False
    recent = conn.execute(
        select(func.count())
        .select_from(table)
        .where(table.c.kind == CRISIS, table.c.created_at >= now - timedelta(hours=1))
    ).scalar_one()
    if recent < cap:
        return enqueue(conn, CRISIS, key, flagged_at, conversation_id=sender_id, now=now)
    _count_in_summary(conn, now)
    return False


def _count_in_summary(conn: Connection, now: datetime) -> None:
    """One more flagged conversation in this clock hour's summary, sent when the hour ends."""
    hour = now.replace(minute=0, second=0, microsecond=0)
    key = f"{CRISIS_SUMMARY}:{hour:%Y-%m-%dT%H}"
    if enqueue(conn, CRISIS_SUMMARY, key, hour, payload={"count": 1}, now=now):
        conn.execute(
            update(table)
            .where(table.c.dedupe_key == key)
            .values(next_attempt_at=hour + timedelta(hours=1))
        )
        return
    row = conn.execute(select(table.c.id, table.c.payload).where(table.c.dedupe_key == key)).first()
    count = int((row.payload or {}).get("count", 0)) + 1
    # Still queued: the email is not out yet. Once sent, later ones of that hour are only
    # on the console's conversation list (crisis first), which staff open from the email.
    conn.execute(
        update(table)
        .where(table.c.id == row.id, table.c.status == QUEUED)
        .values(payload={"count": count})
    )


def _due(now: datetime):
    """Queued and due, or 'sending' under a lease that ran out (its process died)."""
    return or_(
        and_(table.c.status == QUEUED, table.c.next_attempt_at <= now),
        and_(table.c.status == SENDING, table.c.lease_until < now),
    )


def _read(row) -> dict:
    found = dict(row._mapping)
    for key in DATETIME_COLUMNS:
        if key in found:
            found[key] = as_utc(found[key])
    return found


def claim_due(
    engine: Engine, owner: str, now: datetime, lease_s: float, limit: int = 20
) -> List[dict]:
    """Take up to `limit` due rows for `owner` until now + lease_s; returns them as claimed."""
    now = as_utc(now)
    with engine.connect() as conn:
        ids = (
            conn.execute(
                select(table.c.id)
                .where(_due(now))
                .order_by(table.c.next_attempt_at, table.c.id)
                .limit(limit)
            )
            .scalars()
            .all()
        )
    claimed = []
    for row_id in ids:
        with engine.begin() as conn:
            # The WHERE repeats the due test: if another process claimed the row since, 0 rows change.
            took = conn.execute(
                update(table)
                .where(table.c.id == row_id, _due(now))
                .values(
                    status=SENDING,
                    lease_owner=owner,
                    lease_until=now + timedelta(seconds=lease_s),
                    attempts=table.c.attempts + 1,
                )
            ).rowcount
            if took == 1:
                claimed.append(_read(conn.execute(select(table).where(table.c.id == row_id)).one()))
    return claimed


def _finish(engine: Engine, row_id: int, owner: str, **values) -> bool:
    """Update a row this owner still holds; False when the lease was lost meanwhile."""
    with engine.begin() as conn:
        return (
            conn.execute(
                update(table)
                .where(
                    table.c.id == row_id, table.c.status == SENDING, table.c.lease_owner == owner
                )
                .values(lease_owner=None, lease_until=None, **values)
            ).rowcount
            == 1
        )


def mark_sent(
    engine: Engine, row_id: int, owner: str, now: datetime, note: Optional[str] = None
) -> bool:
    return _finish(engine, row_id, owner, status=SENT, sent_at=as_utc(now), last_error=note)


def mark_retry(
    engine: Engine, row_id: int, owner: str, error: str, next_attempt_at: datetime
) -> bool:
    return _finish(
        engine,
        row_id,
        owner,
        status=QUEUED,
        last_error=error[:ERROR_CHARS],
        next_attempt_at=as_utc(next_attempt_at),
    )


def mark_failed(engine: Engine, row_id: int, owner: str, error: str) -> bool:
    return _finish(engine, row_id, owner, status=FAILED, last_error=error[:ERROR_CHARS])


def requeue_failed(engine: Engine, row_id: int, now: datetime) -> bool:
    """An administrator asks for another try (e.g. after fixing NOTIFY_TO); False unless it had failed."""
    with engine.begin() as conn:
        return (
            conn.execute(
                update(table)
                .where(table.c.id == row_id, table.c.status == FAILED)
                .values(status=QUEUED, next_attempt_at=as_utc(now))
            ).rowcount
            == 1
        )


def list_notifications(
    engine: Engine, status: str = "", page: int = 1, per_page: int = 100
) -> Tuple[List[dict], int]:
    """Newest first, for the console's notifications page."""
    where = [table.c.status == status] if status else []
    with engine.connect() as conn:
        total = conn.execute(select(func.count()).select_from(table).where(*where)).scalar_one()
        rows = conn.execute(
            select(table)
            .where(*where)
            .order_by(table.c.id.desc())
            .limit(per_page)
            .offset((page - 1) * per_page)
        ).all()
    return [_read(r) for r in rows], total


def status_counts(engine: Engine) -> Dict[str, int]:
    with engine.connect() as conn:
        found = dict(
            conn.execute(select(table.c.status, func.count()).group_by(table.c.status)).all()
        )
    return {status: found.get(status, 0) for status in STATUSES}
