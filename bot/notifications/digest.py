"""The daily digest (NOTIFY_MODE=digest): one email a day with the new requests per location."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.engine import Engine

from bot.notifications.new_requests import count_new
from bot.storage.notification_outbox import DIGEST, enqueue
from bot.storage.notification_tables import notifications
from clinic.clock import clinic_zone
from clinic.settings import NotifySettings


def enqueue_digest_if_due(engine: Engine, notify: NotifySettings, now: datetime) -> bool:
    """Queue today's digest once the clinic's digest hour has come; once a day across processes.

    The counts are taken now and stored with the row, so a retried send says the same.
    """
    local = now.astimezone(clinic_zone())
    if local.hour < notify.digest_hour:
        return False
    day = local.date().isoformat()
    key = f"{DIGEST}:{day}"
    with engine.begin() as conn:
        if conn.execute(
            select(notifications.c.id).where(notifications.c.dedupe_key == key)
        ).first():
            return False
        counts = count_new(conn)
        payload = {
            "day": day,
            "total": sum(n for _, n in counts),
            "counts": [[loc, n] for loc, n in counts],
        }
        return enqueue(conn, DIGEST, key, now, payload=payload, now=now)
