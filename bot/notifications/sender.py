"""The background task that delivers queued notifications, and its place in the app.

Each pass: queue the daily digest when due (digest mode), claim due rows under a lease,
send each with smtplib in a worker thread, then mark it sent, or put it back with the
reason and an exponentially growing, jittered delay (capped), or mark it failed when the
server rejected it for good. An SMTP outage therefore delays notices and loses none.
"""

from __future__ import annotations

import asyncio
import logging
import os
import secrets
import socket
from datetime import datetime, timedelta
from typing import Callable, Optional

from aiohttp import web
from sqlalchemy.exc import SQLAlchemyError

from bot.app_state import DATABASE, SETTINGS
from bot.background_task import lifetime_task
from bot.notifications.digest import enqueue_digest_if_due
from bot.notifications.messages import compose
from bot.notifications.smtp_delivery import deliver, describe, is_permanent
from bot.storage import notification_outbox as outbox
from clinic.clock import utc_now
from clinic.database import Database
from clinic.profile import load_profile
from clinic.retry import backoff_s
from clinic.settings import NotifySettings, Settings

logger = logging.getLogger("bot.notifications")


def wanted(notify: NotifySettings, kind: str) -> bool:
    """Whether an event gets a notice at all: only with email set up; in digest mode requests
    wait for the daily digest, crisis flags never do."""
    return notify.enabled and (kind == outbox.CRISIS or notify.mode == "immediate")


class NotificationSender:
    def __init__(
        self,
        database: Callable[[], Database],
        settings: Settings,
        router: web.UrlDispatcher,
        *,
        poll_s: float = 5.0,
        backoff_base_s: float = 30.0,
        backoff_cap_s: float = 1800.0,
        timeout_s: float = 30.0,
        batch: int = 20,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self._database = database  # the app opens its Database at start-up, after this exists
        self.notify = settings.notify
        self.base_url = settings.public_base_url
        self.router = router
        self.poll_s, self.backoff_base_s, self.backoff_cap_s = poll_s, backoff_base_s, backoff_cap_s
        self.timeout_s, self.batch, self.clock = timeout_s, batch, clock
        # Longer than any one send can take (each socket operation is bounded by timeout_s).
        self.lease_s = 10 * timeout_s
        self.owner = f"{socket.gethostname()[:40]}:{os.getpid()}:{secrets.token_hex(4)}"
        self._wake = asyncio.Event()

    def wake(self) -> None:
        """Something was queued: send now rather than at the next poll."""
        self._wake.set()

    async def step(self) -> int:
        """One pass; returns how many rows it tried to send."""
        db = self._database()
        if self.notify.mode == "digest":
            await db.run(enqueue_digest_if_due, self.notify, self.clock())
        rows = await db.run(outbox.claim_due, self.owner, self.clock(), self.lease_s, self.batch)
        for row in rows:
            await self._send(db, row)
        return len(rows)

    async def _send(self, db: Database, row: dict) -> None:
        notify = self.notify
        recipients = (
            notify.all_recipients()
            if row["kind"] == outbox.DIGEST
            else notify.recipients(row["location"])
        )
        message = compose(
            row,
            clinic_name=load_profile().name,
            sender=notify.sender,
            recipients=recipients,
            base_url=self.base_url,
            router=self.router,
        )
        loop = asyncio.get_running_loop()
        try:
            refused = await loop.run_in_executor(None, deliver, notify, message, self.timeout_s)
        except Exception as exc:  # noqa: BLE001 - any failure is recorded on the row, none stops the loop
            reason = describe(exc)
            if is_permanent(exc):
                await db.run(outbox.mark_failed, row["id"], self.owner, reason)
                logger.warning(
                    "notification %d (%s) failed for good: %s",
                    row["id"],
                    row["kind"],
                    type(exc).__name__,
                )
                return
            delay = backoff_s(row["attempts"], self.backoff_base_s, self.backoff_cap_s)
            await db.run(
                outbox.mark_retry,
                row["id"],
                self.owner,
                reason,
                self.clock() + timedelta(seconds=delay),
            )
            logger.warning(
                "notification %d (%s) not sent (attempt %d), retry in %.1f s: %s",
                row["id"],
                row["kind"],
                row["attempts"],
                delay,
                type(exc).__name__,
            )
            return
        note = (
            f"refused by {len(refused)} of {len(recipients)} recipients: {', '.join(refused)}"
            if refused
            else None
        )
        if await db.run(outbox.mark_sent, row["id"], self.owner, self.clock(), note):
            logger.info("notification %d (%s) sent", row["id"], row["kind"])
        else:  # the lease ran out mid-send: another process may send it again (same Message-ID)
            logger.warning(
                "notification %d (%s) sent after its lease expired", row["id"], row["kind"]
            )

    async def run_forever(self) -> None:
        while True:
            try:
                handled = await self.step()
            except SQLAlchemyError as exc:  # busy or unreachable database: try again next poll
                logger.warning("notification pass failed, retrying: %s", type(exc).__name__)
                handled = 0
            except Exception:  # noqa: BLE001 - a bug must not stop notifications for good; rows hold no PHI
                logger.exception("notification pass failed, retrying")
                handled = 0
            if handled < self.batch:  # caught up: wait for the next poll or a new notice
                try:
                    await asyncio.wait_for(self._wake.wait(), self.poll_s)
                except asyncio.TimeoutError:
                    pass
                self._wake.clear()


SENDER = web.AppKey("notification_sender", NotificationSender)


def nudge(app: web.Application) -> None:
    """Called after a notice was queued in this process."""
    sender: Optional[NotificationSender] = app.get(SENDER)
    if sender is not None:
        sender.wake()


_run_sender = lifetime_task(lambda app: app[SENDER].run_forever())


def setup_notifications(app: web.Application, **sender_options) -> None:
    """Start the sender with the app when email is set up. Append after the cleanup_ctx entry
    that opens app[DATABASE]. `sender_options` (poll, backoff, timeout) are for tests."""
    notify = app[SETTINGS].notify
    logger.info(notify.status_line())
    if not notify.enabled:
        return
    app[SENDER] = NotificationSender(
        lambda: app[DATABASE], app[SETTINGS], app.router, **sender_options
    )
    app.cleanup_ctx.append(_run_sender)
