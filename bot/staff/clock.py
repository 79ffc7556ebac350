"""UTC instants for the console's tables (SQLite hands DateTime columns back without a zone)."""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Optional


def utc_from_epoch(seconds: float) -> datetime:
    return datetime.fromtimestamp(seconds, timezone.utc)


def as_utc(value: Optional[datetime]) -> Optional[datetime]:
    """Stored values are always UTC: mark naive ones as such."""
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=timezone.utc)
