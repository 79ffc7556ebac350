"""What staff see: the admin notifications page (status, reasons, send again), the new-request
counts on every page when email is off, and the start-up line `make run` prints."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from bot.storage import notification_outbox as outbox
from bot.storage.appointments import store_request
from bot.storage.staff_tables import staff_audit
from bot.storage.tables import appointment_requests as requests
from clinic.reference_codes import new_reference
from clinic.settings import load_settings
from tests.notifications.conftest import app_for, csrf_token, first_location, log_in, other_location


def store(engine, location) -> str:
    reference = new_reference()
    store_request(
        engine,
        {
            "kind": "booking",
            "reference": reference,
            "conversation_id": f"conv-{reference}",
            "full_name": "Bea Ortolan",
            "phone": "+12145550122",
            "email": None,
            "location": location,
            "contact_consent": True,
        },
        idempotency_key=f"key-{reference}",
    )
    return reference


def row_by_reference(database, reference: str) -> dict:
    return next(
        r for r in outbox.list_notifications(database.engine)[0] if r["reference"] == reference
    )


async def test_admins_see_each_notification_status_with_its_reason(settings, database, make_client):
    # Three notices, put in each state the way the sender does it.
    sent, failed, waiting = (store(database.engine, first_location()) for _ in range(3))
    now = datetime.now(timezone.utc)
    claimed = {
        r["reference"]: r["id"] for r in outbox.claim_due(database.engine, "test", now, lease_s=60)
    }
    outbox.mark_sent(database.engine, claimed[sent], "test", now)
    outbox.mark_failed(
        database.engine,
        claimed[failed],
        "test",
        "recipients refused (550): desk@nortex.example.com",
    )
    outbox.mark_retry(
        database.engine,
        claimed[waiting],
        "test",
        "ConnectionRefusedError: [Errno 111] Connection refused",
        now + timedelta(days=1),
    )  # not due during the test
    client = await make_client(app_for(settings))  # SMTP server not started: nothing gets through
    await log_in(client, settings.database_url, "alice", "admin")

    page = await (await client.get("/staff/notifications")).text()
    for reference, status in ((sent, "sent"), (failed, "failed"), (waiting, "queued")):
        row = row_by_reference(database, reference)
        assert f'data-notification="{row["id"]}" data-status="{status}"' in page
        assert f'href="/staff/requests/{row["request_id"]}"' in page
    assert "recipients refused (550): desk@nortex.example.com" in page
    assert "ConnectionRefusedError: [Errno 111] Connection refused" in page
    assert "notifications: email to 2 addresses via 127.0.0.1" in page
    assert 'href="/staff/notifications"' in page  # in the admin's navigation
    assert "Send again" in page and page.count("Send again") == 1  # only the failed one

    failed_id = row_by_reference(database, failed)["id"]
    token = await csrf_token(client, "/staff/notifications")
    response = await client.post(
        f"/staff/notifications/{failed_id}/retry", data={"csrf_token": token}, allow_redirects=False
    )
    assert response.status == 303
    assert row_by_reference(database, failed)["status"] != "failed"
    with database.engine.connect() as conn:
        audit = conn.execute(
            select(staff_audit.c.actor, staff_audit.c.target).where(
                staff_audit.c.action == "notification_retry"
            )
        ).all()
    assert audit == [("alice", f"notification {failed_id}")]
    # Only a failed notification can be re-queued.
    sent_id = row_by_reference(database, sent)["id"]
    response = await client.post(
        f"/staff/notifications/{sent_id}/retry", data={"csrf_token": token}, allow_redirects=False
    )
    assert response.status == 409 and row_by_reference(database, sent)["status"] == "sent"


async def test_front_desk_staff_cannot_open_the_notifications_page(settings, make_client):
    client = await make_client(app_for(settings))
    await log_in(client, settings.database_url, "bob", "staff")
    assert (await client.get("/staff/notifications", allow_redirects=False)).status == 403
    requests_page = await (await client.get("/staff/requests")).text()
    assert 'href="/staff/notifications"' not in requests_page


async def test_without_email_every_page_shows_the_new_requests(
    base_settings, database, make_client
):
    first, other = first_location(), other_location()
    for location in (first, first, other, other, other):
        store(database.engine, location)
    handled = store(database.engine, first)
    with database.engine.begin() as conn:
        conn.execute(
            requests.update().where(requests.c.reference == handled).values(status="contacted")
        )
    client = await make_client(app_for(base_settings))
    await log_in(client, base_settings.database_url, "bob", "staff")

    for path in ("/staff/requests", "/staff/conversations"):
        page = await (await client.get(path)).text()
        banner = page[page.index('class="new-requests-banner"') : page.index("</section>")]
        assert "5 new requests waiting" in banner
        assert f"{first}: <strong>2</strong>" in banner and f"{other}: <strong>3</strong>" in banner
        assert 'href="/staff/requests?status=new"' in banner
        assert "Email notifications are off" in banner


async def test_with_email_there_is_no_banner(settings, database, make_client):
    store(database.engine, first_location())
    client = await make_client(app_for(settings))
    await log_in(client, settings.database_url, "bob", "staff")
    page = await (await client.get("/staff/requests")).text()
    assert "new-requests-banner" not in page


# --- settings and the start-up line ------------------------------------------------


def test_start_up_line_without_smtp(clean_env):
    notify = load_settings().notify
    assert not notify.enabled
    assert notify.status_line() == (
        "notifications: off (no SMTP_HOST set) — new requests are shown in the staff console"
    )


def test_settings_from_the_environment(clean_env, monkeypatch):
    location = first_location()
    env_suffix = location.upper().replace(" ", "_")
    monkeypatch.setenv("SMTP_HOST", "smtp.mailhost.example.com")
    monkeypatch.setenv("SMTP_USER", "assistant@nortex.example.com")
    monkeypatch.setenv("SMTP_PASSWORD", "app-password")
    monkeypatch.setenv("SMTP_STARTTLS", "false")
    monkeypatch.setenv(
        "NOTIFY_TO", "Front Desk <desk@nortex.example.com>, manager@nortex.example.com"
    )
    monkeypatch.setenv(f"NOTIFY_TO_{env_suffix}", "site@nortex.example.com")
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://assistant.nortex.example.com/")
    settings = load_settings()
    notify = settings.notify
    assert (
        notify.enabled
        and notify.smtp_port == 587
        and notify.smtp_starttls is False
        and notify.mode == "immediate"
    )
    assert (
        notify.sender == "assistant@nortex.example.com"
    )  # SMTP_FROM defaults to the log-in address
    assert notify.recipients(location) == ("site@nortex.example.com",)
    assert notify.recipients(other_location()) == (
        "desk@nortex.example.com",
        "manager@nortex.example.com",
    )
    assert notify.recipients(None) == ("desk@nortex.example.com", "manager@nortex.example.com")
    assert settings.public_base_url == "https://assistant.nortex.example.com"
    assert (
        notify.status_line() == "notifications: email to 3 addresses via smtp.mailhost.example.com"
    )
    assert "app-password" not in repr(settings)


@pytest.mark.parametrize(
    "name, value, error",
    [
        ("NOTIFY_TO", "desk@nortex.example.com, not-an-address", "NOTIFY_TO"),
        ("NOTIFY_MODE", "hourly", "NOTIFY_MODE"),
        ("SMTP_STARTTLS", "maybe", "SMTP_STARTTLS"),
        ("SMTP_FROM", "the assistant", "SMTP_FROM"),
    ],
)
def test_a_wrong_setting_stops_start_up_with_its_name(clean_env, monkeypatch, name, value, error):
    monkeypatch.setenv(name, value)
    with pytest.raises(ValueError, match=error):
        load_settings()


def test_smtp_host_without_recipients_is_reported_off(clean_env, monkeypatch):
    monkeypatch.setenv("SMTP_HOST", "smtp.mailhost.example.com")
    monkeypatch.setenv("SMTP_FROM", "assistant@nortex.example.com")
    notify = load_settings().notify
    assert not notify.enabled
    assert notify.status_line().startswith("notifications: off (no NOTIFY_TO addresses set)")
