"""A stored booking or callback request -> exactly one PHI-free email, through the real API,
the real outbox and a real SMTP server; an SMTP outage delays it and loses nothing."""

from __future__ import annotations

import asyncio
import re
from dataclasses import replace
from datetime import datetime, timezone

from appointment_requests import booking_request
from sqlalchemy import select

from bot.app_state import SECRETS
from bot.notifications.messages import compose, message_id
from bot.storage.notification_outbox import list_notifications
from bot.storage.tables import appointment_requests
from clinic.database import Database
from clinic.reference_codes import new_reference
from tests.notifications.conftest import (
    BASE_URL,
    FRONT_DESK,
    LOCATION_DESK,
    SENDER_ADDRESS,
    app_for,
    eventually,
    first_location,
    other_location,
)

URL = "/api/appointments"
SCORE = 23


def request_body(**changes) -> dict:
    # Every field filled, the name hyphenated and the notes written: more PHI that must not leak.
    return booking_request(
        **{
            "conversation_id": "5d0c8a1e9f2b4c6d8e0f1a2b3c4d5e6f",
            "full_name": "Xochitl Nguyen-Abernathy",
            "email": "xochitl.nguyen@example.org",
            "location": first_location(),
            "notes": "Panic attacks since the accident, worse at night",
            "assessment": {
                "instrument": "PHQ-9",
                "score": SCORE,
                "band": "moderately severe",
                "answers": [3, 3, 2, 3, 3, 2, 3, 2, 2],
            },
            **changes,
        }
    )


def phi_values(body: dict) -> list:
    """The request's own personal values, in the forms they could leak in."""
    values = [
        body["full_name"],
        *body["full_name"].replace("-", " ").split(),
        body["phone"],
        body["phone"][2:],
        body["phone"][-7:],
        body["email"],
        body["email"].split("@")[0],
        body["insurance_member_id"],
        body["insurance_carrier"],
        body["notes"],
        *body["notes"].split()[:3],
        body["preferred_time_text"],
        body["visit_reason"],
        body["assessment"]["instrument"],
        body["assessment"]["band"],
        "PHQ",
        "score",
    ]
    return [v for v in values if v and len(v) > 3]


def assert_no_phi(received, body: dict) -> None:
    message = received.message
    headers = "\n".join(f"{name}: {value}" for name, value in message.items())
    text = (
        message.get_content()
        if not message.is_multipart()
        else "\n".join(
            part.get_content() for part in message.walk() if part.get_content_maintype() == "text"
        )
    )
    raw = received.raw.decode("utf-8", "replace")
    for where, content in (("headers", headers), ("body", text), ("raw message", raw)):
        for value in phi_values(body):
            assert value.lower() not in content.lower(), f"{value!r} appears in the {where}"
        # The score as a number on its own (not inside a date, time, id or reference).
        assert not re.search(rf"(?<![\w:.\-/]){SCORE}(?![\w:.\-/])", content), (
            f"the score appears in the {where}"
        )


def headers(app, key: str) -> dict:
    return {"Authorization": f"Bearer {app[SECRETS]['appointments_token']}", "Idempotency-Key": key}


def outbox_rows(database_url: str) -> list:
    db = Database(database_url)
    try:
        rows, _ = list_notifications(db.engine)
        return rows[::-1]
    finally:
        db.close()


def request_id(database_url: str, reference: str) -> int:
    db = Database(database_url)
    try:
        with db.engine.connect() as conn:
            return conn.execute(
                select(appointment_requests.c.id).where(
                    appointment_requests.c.reference == reference
                )
            ).scalar_one()
    finally:
        db.close()


async def test_a_request_sends_exactly_one_email_without_phi(settings, smtp, mailbox, make_client):
    smtp.start()
    app = app_for(settings)
    client = await make_client(app)
    body = request_body()

    response = await client.post(URL, json=body, headers=headers(app, "conv-1:booking:1"))
    assert response.status == 201
    await eventually(lambda: len(mailbox.received) == 1, what="the notification email")
    # The action server retries (same idempotency key): stored once, so notified once.
    again = await client.post(URL, json=body, headers=headers(app, "conv-1:booking:1"))
    assert again.status == 200 and (await again.json())["created"] is False
    await asyncio.sleep(0.6)  # a dozen sender passes
    assert len(mailbox.received) == 1

    [received] = mailbox.received
    assert_no_phi(received, body)
    message = received.message
    text = message.get_content()
    stored_id = request_id(settings.database_url, body["reference"])
    assert f"{BASE_URL}/staff/requests/{stored_id}" in text
    assert body["reference"] in message["Subject"] and body["reference"] in text
    assert body["location"] in message["Subject"] and f"Location:  {body['location']}" in text
    assert "booking request" in message["Subject"]
    # The first location has its own list, which replaces the default one.
    assert received.rcpt_tos == [LOCATION_DESK]
    assert received.mail_from == SENDER_ADDRESS and message["From"] == SENDER_ADDRESS
    [row] = outbox_rows(settings.database_url)
    assert row["status"] == "sent" and row["attempts"] == 1 and row["last_error"] is None
    # Derived from the notification: a resend after a crash would carry the same id.
    assert message["Message-ID"] == message_id(row, BASE_URL)


async def test_a_callback_elsewhere_goes_to_the_default_list(settings, smtp, mailbox, make_client):
    smtp.start()
    app = app_for(settings)
    client = await make_client(app)
    body = request_body(kind="callback", location=other_location(), reference=new_reference())

    assert (
        await client.post(URL, json=body, headers=headers(app, "conv-2:callback:1"))
    ).status == 201
    await eventually(lambda: len(mailbox.received) == 1, what="the notification email")
    [received] = mailbox.received
    assert received.rcpt_tos == [FRONT_DESK]
    assert "callback request" in received.message["Subject"]
    assert_no_phi(received, body)


async def test_smtp_down_the_notice_waits_queued_then_goes_out_once(
    settings, smtp, mailbox, make_client
):
    app = app_for(settings)  # the SMTP server is not running yet: connections are refused
    client = await make_client(app)
    body = request_body()
    assert (
        await client.post(URL, json=body, headers=headers(app, "conv-3:booking:1"))
    ).status == 201

    def failed_twice() -> bool:
        rows = outbox_rows(settings.database_url)
        return bool(rows) and rows[0]["status"] == "queued" and rows[0]["attempts"] >= 2

    await eventually(failed_twice, what="two failed attempts")
    [row] = outbox_rows(settings.database_url)
    assert "ConnectionRefusedError" in row["last_error"]
    assert mailbox.received == []

    smtp.start()
    await eventually(lambda: len(mailbox.received) == 1, what="delivery once the server is back")
    await eventually(
        lambda: outbox_rows(settings.database_url)[0]["status"] == "sent",
        what="the row marked sent",
    )
    await asyncio.sleep(0.6)
    assert len(mailbox.received) == 1
    [row] = outbox_rows(settings.database_url)
    assert row["last_error"] is None and row["attempts"] >= 3
    assert_no_phi(mailbox.received[0], body)


async def test_digest_mode_sends_no_email_per_request(settings, smtp, mailbox, make_client):
    smtp.start()
    digest_settings = replace(
        settings, notify=replace(settings.notify, mode="digest", digest_hour=23)
    )
    app = app_for(digest_settings)
    client = await make_client(app)
    assert (
        await client.post(URL, json=request_body(), headers=headers(app, "conv-4:booking:1"))
    ).status == 201
    await asyncio.sleep(0.6)
    assert [r for r in outbox_rows(settings.database_url) if r["kind"] != "digest"] == []


async def test_without_smtp_no_notice_is_queued(base_settings, make_client):
    assert not base_settings.notify.enabled
    app = app_for(base_settings)
    client = await make_client(app)
    assert (
        await client.post(URL, json=request_body(), headers=headers(app, "conv-5:booking:1"))
    ).status == 201
    assert outbox_rows(base_settings.database_url) == []


def test_the_email_gives_the_clinic_local_time(settings):
    # A request received at 9:29 pm in Frisco on a November evening: 03:29 UTC the next day.
    row = {
        "id": 7,
        "kind": "booking",
        "request_id": 7,
        "reference": "NTX-TZ001",
        "location": "Frisco",
        "conversation_id": None,
        "event_at": datetime(2026, 11, 20, 3, 29, tzinfo=timezone.utc),
        "created_at": datetime(2026, 11, 20, 3, 29, tzinfo=timezone.utc),
    }
    app = app_for(settings)
    message = compose(
        row,
        clinic_name="Clinic",
        sender=SENDER_ADDRESS,
        recipients=[FRONT_DESK],
        base_url=BASE_URL,
        router=app.router,
    )
    assert "Received:  2026-11-19 21:29 CST" in message.get_content()
    summer = compose(
        {**row, "event_at": datetime(2026, 7, 4, 2, 29, tzinfo=timezone.utc)},
        clinic_name="Clinic",
        sender=SENDER_ADDRESS,
        recipients=[FRONT_DESK],
        base_url=BASE_URL,
        router=app.router,
    )
    assert "Received:  2026-07-03 21:29 CDT" in summer.get_content()
