"""Live chat state in the app's database: staff availability and handoff requests.

Every change is a conditional UPDATE (`... WHERE status = 'waiting'`), so when several app
processes race (two staff join at once, a join against the missed-deadline sweep) exactly
one wins and the others see it did not.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import List, Optional

from sqlalchemy import and_, insert, select, update
from sqlalchemy.engine import Engine

from bot.storage.live_tables import live_handoffs, live_staff
from clinic.clock import as_utc

WAITING, JOINED, ENDED, MISSED = "waiting", "joined", "ended", "missed"
ACTIVE = (WAITING, JOINED)
# A live page refreshes its account's seen_at every PRESENCE_S; an account whose pages
# have all been gone for longer than PRESENCE_TTL_S is not offered to visitors.
PRESENCE_S = 10
PRESENCE_TTL_S = 35
# A joined chat whose staff member has had no live page open this long (closed the tab,
# logged off, lost the network) goes back to the assistant: the visitor is not left with
# a silent, paused assistant. Longer than an app restart or a network blip.
ABANDONED_AFTER_S = 90


@dataclass(frozen=True)
class Handoff:
    id: str
    conversation_id: str
    status: str
    requested_at: datetime
    deadline_at: datetime
    joined_by: Optional[int]
    staff_name: Optional[str]
    callback_offered: bool
    crisis: bool


def _handoff(row) -> Handoff:
    return Handoff(
        id=row.id,
        conversation_id=row.conversation_id,
        status=row.status,
        requested_at=as_utc(row.requested_at),
        deadline_at=as_utc(row.deadline_at),
        joined_by=row.joined_by,
        staff_name=row.staff_name,
        callback_offered=bool(row.callback_offered),
        crisis=bool(row.crisis),
    )


# --- availability ---------------------------------------------------------------------


def set_availability(
    engine: Engine, account_id: int, display_name: str, available: bool, now: datetime
) -> None:
    with engine.begin() as conn:
        changed = conn.execute(
            update(live_staff)
            .where(live_staff.c.account_id == account_id)
            .values(display_name=display_name, available=available, seen_at=now)
        ).rowcount
        if not changed:
            conn.execute(
                insert(live_staff).values(
                    account_id=account_id,
                    display_name=display_name,
                    available=available,
                    seen_at=now,
                )
            )


def touch_presence(engine: Engine, account_id: int, now: datetime) -> None:
    with engine.begin() as conn:
        conn.execute(
            update(live_staff).where(live_staff.c.account_id == account_id).values(seen_at=now)
        )


@dataclass(frozen=True)
class StaffState:
    available: bool
    display_name: Optional[str]


def staff_state(engine: Engine, account_id: int) -> StaffState:
    with engine.connect() as conn:
        row = conn.execute(
            select(live_staff.c.available, live_staff.c.display_name).where(
                live_staff.c.account_id == account_id
            )
        ).first()
    return StaffState(bool(row and row.available), row.display_name if row else None)


def anyone_available(engine: Engine, now: datetime) -> bool:
    fresh = now - timedelta(seconds=PRESENCE_TTL_S)
    with engine.connect() as conn:
        return (
            conn.execute(
                select(live_staff.c.account_id)
                .where(live_staff.c.available.is_(True), live_staff.c.seen_at >= fresh)
                .limit(1)
            ).first()
            is not None
        )


# --- handoffs -------------------------------------------------------------------------


def active_handoff(engine: Engine, conversation_id: str) -> Optional[Handoff]:
    with engine.connect() as conn:
        row = conn.execute(
            select(live_handoffs)
            .where(
                live_handoffs.c.conversation_id == conversation_id,
                live_handoffs.c.status.in_(ACTIVE),
            )
            .order_by(live_handoffs.c.requested_at.desc())
            .limit(1)
        ).first()
    return _handoff(row) if row else None


def get_handoff(engine: Engine, handoff_id: str) -> Optional[Handoff]:
    with engine.connect() as conn:
        row = conn.execute(select(live_handoffs).where(live_handoffs.c.id == handoff_id)).first()
    return _handoff(row) if row else None


def request_handoff(
    engine: Engine, conversation_id: str, callback_offered: bool, wait_s: int, now: datetime
) -> Optional[Handoff]:
    """A new waiting request if someone is available (or the one already open); else None."""
    existing = active_handoff(engine, conversation_id)
    if existing is not None:
        return existing
    if not anyone_available(engine, now):
        return None
    handoff_id = secrets.token_hex(16)
    with engine.begin() as conn:
        conn.execute(
            insert(live_handoffs).values(
                id=handoff_id,
                conversation_id=conversation_id,
                status=WAITING,
                requested_at=now,
                deadline_at=now + timedelta(seconds=wait_s),
                callback_offered=callback_offered,
                crisis=False,
            )
        )
    return get_handoff(engine, handoff_id)


def waiting_handoffs(engine: Engine) -> List[Handoff]:
    with engine.connect() as conn:
        rows = conn.execute(
            select(live_handoffs)
            .where(live_handoffs.c.status == WAITING)
            .order_by(live_handoffs.c.requested_at)
        ).all()
    return [_handoff(r) for r in rows]


def joined_by(engine: Engine, account_id: int) -> List[Handoff]:
    with engine.connect() as conn:
        rows = conn.execute(
            select(live_handoffs)
            .where(live_handoffs.c.status == JOINED, live_handoffs.c.joined_by == account_id)
            .order_by(live_handoffs.c.joined_at)
        ).all()
    return [_handoff(r) for r in rows]


def join(
    engine: Engine, handoff_id: str, account_id: int, staff_name: str, now: datetime
) -> Optional[Handoff]:
    """Take a waiting request; None if it is no longer waiting (joined by someone else, missed)."""
    with engine.begin() as conn:
        won = conn.execute(
            update(live_handoffs)
            .where(live_handoffs.c.id == handoff_id, live_handoffs.c.status == WAITING)
            .values(status=JOINED, joined_at=now, joined_by=account_id, staff_name=staff_name)
        ).rowcount
    return get_handoff(engine, handoff_id) if won else None


def end(engine: Engine, handoff_id: str, account_id: int, now: datetime) -> Optional[Handoff]:
    """Hand back: only the staff member who joined can."""
    with engine.begin() as conn:
        won = conn.execute(
            update(live_handoffs)
            .where(
                live_handoffs.c.id == handoff_id,
                live_handoffs.c.status == JOINED,
                live_handoffs.c.joined_by == account_id,
            )
            .values(status=ENDED, ended_at=now)
        ).rowcount
    return get_handoff(engine, handoff_id) if won else None


def flag_crisis(engine: Engine, handoff_id: str) -> None:
    with engine.begin() as conn:
        conn.execute(
            update(live_handoffs).where(live_handoffs.c.id == handoff_id).values(crisis=True)
        )


def overdue(engine: Engine, now: datetime) -> List[Handoff]:
    with engine.connect() as conn:
        rows = conn.execute(
            select(live_handoffs).where(
                and_(live_handoffs.c.status == WAITING, live_handoffs.c.deadline_at < now)
            )
        ).all()
    return [_handoff(r) for r in rows]


def mark_missed(engine: Engine, handoff_id: str, now: datetime) -> bool:
    """True for the one process whose sweep moved the request from waiting to missed."""
    with engine.begin() as conn:
        return bool(
            conn.execute(
                update(live_handoffs)
                .where(live_handoffs.c.id == handoff_id, live_handoffs.c.status == WAITING)
                .values(status=MISSED, ended_at=now)
            ).rowcount
        )


def reopen(engine: Engine, handoff_id: str, status: str) -> None:
    """Undo an end or a miss whose tracker writes failed (Rasa away): the visitor's tracker
    is still paused, so the request must stay open to be handed back or swept again."""
    with engine.begin() as conn:
        conn.execute(
            update(live_handoffs)
            .where(live_handoffs.c.id == handoff_id)
            .values(status=status, ended_at=None)
        )


def abandoned(engine: Engine, now: datetime) -> List[Handoff]:
    """Joined chats whose staff member's live pages have all been gone ABANDONED_AFTER_S."""
    stale = now - timedelta(seconds=ABANDONED_AFTER_S)
    with engine.connect() as conn:
        rows = conn.execute(
            select(live_handoffs)
            .select_from(
                live_handoffs.join(live_staff, live_staff.c.account_id == live_handoffs.c.joined_by)
            )
            .where(live_handoffs.c.status == JOINED, live_staff.c.seen_at < stale)
        ).all()
    return [_handoff(r) for r in rows]
