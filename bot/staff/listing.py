"""Query-string helpers shared by the list pages: page numbers and date ranges."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Optional

from aiohttp import web

from bot.staff.keys import now
from clinic.clock import clinic_zone

MAX_PAGE = 10_000


def page_number(request: web.Request) -> int:
    try:
        return min(max(int(request.query.get("page", "1")), 1), MAX_PAGE)
    except ValueError:
        return 1


def parse_day(value: str) -> Optional[date]:
    try:
        return date.fromisoformat(value.strip()) if value.strip() else None
    except ValueError:
        return None


def day_start(day: date) -> datetime:
    """Midnight at the clinic, as an aware datetime."""
    return datetime.combine(day, time.min, tzinfo=clinic_zone())


def day_end(day: date) -> datetime:
    """Midnight after `day` at the clinic: ranges are [start of first day, end of last day)."""
    return day_start(day + timedelta(days=1))


def today(request: web.Request) -> date:
    return now(request).astimezone(clinic_zone()).date()
