"""Crisis replies and risk screens per month (issue 17): counts only, no identifiers.

Read from Rasa's `events` table by its plain `action_name` column (nothing decrypted, no
conversation id leaves the query): each run of the crisis action is a crisis reply (the
danger-from-others reply included), each run of the screening action a risk screen (a
warning sign; in a conversation already screened it hands over to the crisis reply,
which is then counted too). Months are the clinic's (clinic.yml time zone).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime, timezone, tzinfo
from typing import Dict, List

from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from bot.staff import tracker_events as te

# Counted per 15-minute bucket in SQL (at most 96 rows a day per action), then per local
# month in Python: exact in every real time zone.
BUCKET_S = 900
COLUMNS = ("month", "crisis_replies", "risk_screens")


@dataclass(frozen=True)
class Month:
    month: str  # YYYY-MM, clinic time
    crisis_replies: int
    risk_screens: int


def _month_start(day: date) -> date:
    return day.replace(day=1)


def _next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def monthly_counts(engine: Engine, first: date, last: date, zone: tzinfo) -> List[Month]:
    """One row per month from `first`'s month to `last`'s, zeros included."""
    start = _month_start(first)
    end = _next_month(_month_start(last))
    since = datetime.combine(start, datetime.min.time(), tzinfo=zone).timestamp()
    until = datetime.combine(end, datetime.min.time(), tzinfo=zone).timestamp()
    e = te.events.c
    bucket = func.floor(e.timestamp / BUCKET_S)
    with engine.connect() as conn:
        if not te.events_table_exists(conn):
            rows = []
        else:
            rows = conn.execute(
                select(e.action_name, bucket, func.count())
                .where(
                    e.type_name == "action",
                    e.action_name.in_([te.CRISIS_ACTION, te.RISK_SCREEN_ACTION]),
                    e.timestamp >= since,
                    e.timestamp < until,
                )
                .group_by(e.action_name, bucket)
            ).all()
    counts: Dict[str, Dict[str, int]] = {}
    for action, index, n in rows:
        local = datetime.fromtimestamp(int(index) * BUCKET_S, timezone.utc).astimezone(zone)
        month = counts.setdefault(local.strftime("%Y-%m"), {})
        month[action] = month.get(action, 0) + int(n)
    months = []
    cursor = start
    while cursor < end:
        key = cursor.strftime("%Y-%m")
        found = counts.get(key, {})
        months.append(
            Month(key, found.get(te.CRISIS_ACTION, 0), found.get(te.RISK_SCREEN_ACTION, 0))
        )
        cursor = _next_month(cursor)
    return months


def to_csv(months: List[Month]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for m in months:
        writer.writerow([m.month, m.crisis_replies, m.risk_screens])
    return out.getvalue()
