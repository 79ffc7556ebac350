"""Live chat figures per clinic day for the analytics page (issue 20).

Requests, joined and missed come from live_handoffs; "needed a person" is the share of the
day's conversations (the conversation index) in which the visitor asked for a person at
all, live or not: its complement is the assistant's containment.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone, tzinfo
from typing import List, Optional

from sqlalchemy import and_, case, func, select, true
from sqlalchemy.engine import Engine

from bot.live.handoffs import MISSED
from bot.storage.live_tables import live_handoffs as h
from bot.storage.staff_tables import staff_conversations as c
from clinic.clock import as_utc

BUCKET_S = 900  # conversations per 15 minutes in SQL, per local day in Python (as analytics.py)


@dataclass(frozen=True)
class LiveDay:
    day: date
    conversations: int
    asked_for_person: int
    requests: int
    joined: int
    missed: int

    @property
    def needed_person(self) -> Optional[float]:
        return self.asked_for_person / self.conversations if self.conversations else None


def live_days(engine: Engine, first: date, last: date, zone: tzinfo) -> List[LiveDay]:
    """Days of the period with any conversation or live-chat request, oldest first."""
    start = datetime.combine(first, datetime.min.time(), tzinfo=zone)
    end = datetime.combine(last + timedelta(days=1), datetime.min.time(), tzinfo=zone)
    bucket = func.floor(c.c.started_at / BUCKET_S)
    with engine.connect() as conn:
        buckets = conn.execute(
            select(bucket, func.count(), func.sum(case((c.c.handoff == true(), 1), else_=0)))
            .where(and_(c.c.started_at >= start.timestamp(), c.c.started_at < end.timestamp()))
            .group_by(bucket)
        ).all()
        rows = conn.execute(
            select(h.c.requested_at, h.c.joined_at, h.c.status).where(
                h.c.requested_at >= start.astimezone(timezone.utc),
                h.c.requested_at < end.astimezone(timezone.utc),
            )
        ).all()
    counts: dict = {}
    for index, total, asked in buckets:
        day = datetime.fromtimestamp(int(index) * BUCKET_S, timezone.utc).astimezone(zone).date()
        counts[day] = counts.get(day, Counter()) + Counter(c=total, a=int(asked or 0))
    for requested_at, joined_at, status in rows:
        day = as_utc(requested_at).astimezone(zone).date()
        counts[day] = counts.get(day, Counter()) + Counter(
            r=1, j=int(joined_at is not None), m=int(status == MISSED)
        )
    return [
        LiveDay(day, n["c"], n["a"], n["r"], n["j"], n["m"])
        for day, n in sorted(counts.items())
        if first <= day <= last
    ]
