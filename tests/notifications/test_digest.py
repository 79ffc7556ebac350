"""NOTIFY_MODE=digest: one email a day, at the clinic's digest hour, with the requests still
new per location; once a day however many app processes run."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, time, timedelta

from sqlalchemy import update

from bot.app import create_app
from bot.notifications.sender import NotificationSender, wanted
from bot.storage import notification_outbox as outbox
from bot.storage.appointments import store_request
from bot.storage.tables import appointment_requests
from clinic.clock import clinic_zone
from clinic.reference_codes import new_reference
from tests.notifications.conftest import (
    FAST,
    FRONT_DESK,
    LOCATION_DESK,
    first_location,
    other_location,
)

NAMES = [
    "Imogen Castellanos",
    "Rafferty Okonkwo",
    "Tamsin Valdivia",
    "Osric Pemberton",
    "Linnea Achterberg",
]


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def store(engine, name: str, location, kind: str = "booking") -> str:
    reference = new_reference()
    store_request(
        engine,
        {
            "kind": kind,
            "reference": reference,
            "conversation_id": f"conv-{reference}",
            "full_name": name,
            "phone": "+12145550177",
            "email": None,
            "location": location,
            "contact_consent": True,
        },
        idempotency_key=f"key-{reference}",
        notify=False,
    )  # digest mode: no notice per request
    return reference


def at_local(day, hour: int, minute: int) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=clinic_zone())


async def test_one_digest_a_day_with_new_requests_per_location(settings, database, smtp, mailbox):
    smtp.start()
    digest = replace(settings, notify=replace(settings.notify, mode="digest", digest_hour=7))
    first, other = first_location(), other_location()
    store(database.engine, NAMES[0], first)
    store(database.engine, NAMES[1], first)
    handled = store(database.engine, NAMES[2], first)
    store(database.engine, NAMES[3], other)
    store(database.engine, NAMES[4], None, kind="callback")
    with database.engine.begin() as conn:  # staff already called this one back
        conn.execute(
            update(appointment_requests)
            .where(appointment_requests.c.reference == handled)
            .values(status="contacted")
        )

    today = datetime.now(clinic_zone()).date()
    clock = Clock(at_local(today, 6, 59))
    router = create_app(digest).router
    sender = NotificationSender(lambda: database, digest, router, clock=clock, **FAST)
    replica = NotificationSender(lambda: database, digest, router, clock=clock, **FAST)
    assert await sender.step() == 0 and mailbox.received == []  # before the digest hour

    clock.now = at_local(today, 7, 1)
    assert await sender.step() == 1
    assert await replica.step() == 0  # the other process finds today's digest already made
    clock.now = at_local(today, 16, 0)
    assert await sender.step() == 0

    [received] = mailbox.received
    text = received.message.get_content().replace("\r\n", "\n")
    assert "4 new requests waiting" in received.message["Subject"]
    assert f"  {first}: 2\n" in text and f"  {other}: 1\n" in text and "  not given: 1\n" in text
    assert "/staff/requests?status=new" in text
    assert sorted(received.rcpt_tos) == sorted([FRONT_DESK, LOCATION_DESK])  # every list
    for name in NAMES:
        for part in name.split():
            assert part.lower() not in received.raw.decode().lower()

    clock.now = at_local(today + timedelta(days=1), 7, 0)
    assert await sender.step() == 1
    assert len(mailbox.received) == 2
    digests = [
        r for r in outbox.list_notifications(database.engine)[0] if r["kind"] == outbox.DIGEST
    ]
    assert {r["status"] for r in digests} == {"sent"} and len(digests) == 2


def test_digest_mode_holds_requests_but_never_a_crisis(settings):
    digest = replace(settings.notify, mode="digest")
    assert not wanted(digest, outbox.BOOKING) and not wanted(digest, outbox.CALLBACK)
    assert wanted(digest, outbox.CRISIS)
    assert wanted(settings.notify, outbox.BOOKING) and wanted(settings.notify, outbox.CRISIS)
    off = replace(settings.notify, smtp_host="")
    assert not any(wanted(off, kind) for kind in (outbox.BOOKING, outbox.CALLBACK, outbox.CRISIS))
