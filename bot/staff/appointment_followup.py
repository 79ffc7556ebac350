"""Staff follow-up of appointment and callback requests: list, status changes, notes.

Requests are stored by the app (bot/storage/tables.py `appointment_requests`); the
console owns their `status` from then on and keeps every change and note, with who and
when, in `staff_request_events`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Dict, List, Optional, Tuple

from sqlalchemy import and_, func, insert, select, update
from sqlalchemy.engine import Engine

from bot.staff import audit
from bot.storage.staff_tables import staff_request_events as events
from bot.storage.tables import appointment_requests as requests
from clinic.clock import as_utc

# new -> contacted -> scheduled, and closed from anywhere open (spam, duplicate, declined).
TRANSITIONS: Dict[str, Tuple[str, ...]] = {
    "new": ("contacted", "closed"),
    "contacted": ("scheduled", "closed"),
    "scheduled": ("closed",),
    "closed": (),
}
STATUSES = tuple(TRANSITIONS)
MAX_NOTE = 4000


class StatusConflict(Exception):
    """The request's status changed since the page was loaded (someone else acted)."""


@dataclass(frozen=True)
class RequestFilters:
    status: str = ""
    kind: str = ""
    location: str = ""
    language: str = ""  # "en" / "es" (issue 19)
    created_from: Optional[datetime] = None  # aware; inclusive
    created_to: Optional[datetime] = None  # aware; exclusive

    def conditions(self) -> list:
        found = []
        if self.status:
            found.append(requests.c.status == self.status)
        if self.kind:
            found.append(requests.c.kind == self.kind)
        if self.location:
            found.append(requests.c.location == self.location)
        if self.language:
            found.append(requests.c.language == self.language)
        if self.created_from:
            found.append(requests.c.created_at >= as_utc(self.created_from))
        if self.created_to:
            found.append(requests.c.created_at < as_utc(self.created_to))
        return found


def _last_status_change():
    """Per request: the newest status change (who and when)."""
    newest = (
        select(events.c.request_id, func.max(events.c.id).label("event_id"))
        .where(events.c.new_status.is_not(None))
        .group_by(events.c.request_id)
        .subquery()
    )
    return (
        select(
            events.c.request_id, events.c.actor.label("status_by"), events.c.at.label("status_at")
        )
        .join(newest, newest.c.event_id == events.c.id)
        .subquery()
    )


def list_requests(
    engine: Engine, filters: RequestFilters, page: int, per_page: int
) -> Tuple[List[dict], int]:
    """Newest first; returns (rows on this page, total matching)."""
    changed = _last_status_change()
    conditions = filters.conditions()
    query = (
        select(requests, changed.c.status_by, changed.c.status_at)
        .outerjoin(changed, changed.c.request_id == requests.c.id)
        .where(*conditions)
        .order_by(requests.c.created_at.desc(), requests.c.id.desc())
        .limit(per_page)
        .offset((page - 1) * per_page)
    )
    with engine.connect() as conn:
        total = conn.execute(
            select(func.count()).select_from(requests).where(*conditions)
        ).scalar_one()
        rows = [_with_utc(dict(r._mapping)) for r in conn.execute(query)]
    return rows, total


def get_request(engine: Engine, request_id: int) -> Optional[dict]:
    with engine.connect() as conn:
        row = conn.execute(select(requests).where(requests.c.id == request_id)).first()
        if row is None:
            return None
        history = conn.execute(
            select(events).where(events.c.request_id == request_id).order_by(events.c.id)
        ).all()
    result = _with_utc(dict(row._mapping))
    result["history"] = [_with_utc(dict(h._mapping)) for h in history]
    return result


def change_status(
    engine: Engine, request_id: int, expected: str, new: str, actor: str, ip: str, now: datetime
) -> None:
    """Move a request on.

    ValueError if the step is not allowed, StatusConflict if the request is no longer in
    `expected`, LookupError if there is no such request.
    """
    if new not in TRANSITIONS.get(expected, ()):
        raise ValueError(f"a {expected} request cannot become {new}")
    with engine.begin() as conn:
        # Conditional update: of two people acting at once, only the first one wins.
        changed = conn.execute(
            update(requests)
            .where(and_(requests.c.id == request_id, requests.c.status == expected))
            .values(status=new)
        ).rowcount
        if changed != 1:
            exists = conn.execute(select(requests.c.id).where(requests.c.id == request_id)).first()
            raise StatusConflict(request_id) if exists else LookupError(request_id)
        conn.execute(
            insert(events).values(
                request_id=request_id,
                at=now,
                actor=actor,
                old_status=expected,
                new_status=new,
            )
        )
        reference = conn.execute(
            select(requests.c.reference).where(requests.c.id == request_id)
        ).scalar_one()
        audit.record(conn, actor, "request_status", f"{reference}: {expected} -> {new}", ip, now)


def add_note(
    engine: Engine, request_id: int, note: str, actor: str, ip: str, now: datetime
) -> bool:
    """False if there is no such request."""
    note = note.strip()[:MAX_NOTE]
    if not note:
        raise ValueError("the note is empty")
    with engine.begin() as conn:
        reference = conn.execute(
            select(requests.c.reference).where(requests.c.id == request_id)
        ).scalar_one_or_none()
        if reference is None:
            return False
        conn.execute(insert(events).values(request_id=request_id, at=now, actor=actor, note=note))
        audit.record(conn, actor, "request_note", reference, ip, now)
    return True


def known_locations(engine: Engine) -> List[str]:
    with engine.connect() as conn:
        return [
            r
            for (r,) in conn.execute(
                select(requests.c.location)
                .where(requests.c.location.is_not(None))
                .distinct()
                .order_by(requests.c.location)
            )
        ]


def _with_utc(row: dict) -> dict:
    for key in ("created_at", "at", "status_at"):
        if key in row:
            row[key] = as_utc(row[key])
    return row
