"""The one clock: instants are UTC in storage, and shown or read in the clinic's time zone.

The zone is clinic.yml's `timezone` (an IANA name such as America/Chicago), never the
server's: a typical server runs in UTC, the clinic does not.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Optional, Union
from zoneinfo import ZoneInfo

from clinic.profile import load_profile

Instant = Union[None, int, float, datetime]


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def utc_from_epoch(seconds: float) -> datetime:
    return datetime.fromtimestamp(seconds, timezone.utc)


def as_utc(value: Optional[datetime]) -> Optional[datetime]:
    """Stored values are always UTC: naive ones (SQLite keeps wall-clock digits only) are
    marked as such, aware ones converted."""
    if value is None:
        return None
    if value.tzinfo is None:
        return value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc)


def clinic_zone() -> ZoneInfo:
    return ZoneInfo(load_profile().timezone)


def clinic_time(value: Instant) -> Optional[datetime]:
    """Epoch seconds (Rasa's timestamps) or a UTC datetime, in the clinic's zone."""
    if value is None:
        return None
    if isinstance(value, (int, float)):
        value = utc_from_epoch(value)
    return as_utc(value).astimezone(clinic_zone())


def clinic_now() -> datetime:
    return utc_now().astimezone(clinic_zone())
