"""The outbox and the sender against a real SMTP server: leases between replicas, a crash
after sending, permanent and temporary refusals, backoff, STARTTLS with log-in."""

from __future__ import annotations

import asyncio
import datetime as dt
import ipaddress
import smtplib
import ssl
from datetime import datetime, timedelta, timezone

import pytest
from aiosmtpd.smtp import AuthResult
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from sqlalchemy.exc import OperationalError

from bot.app import create_app
from bot.notifications.messages import compose, message_id
from bot.notifications.sender import NotificationSender
from bot.notifications.smtp_delivery import deliver, is_permanent
from bot.storage import notification_outbox as outbox
from bot.storage.appointments import store_request
from clinic.reference_codes import new_reference
from clinic.retry import backoff_s
from tests.notifications.conftest import (
    BASE_URL,
    FAST,
    Mailbox,
    SmtpServer,
    first_location,
    free_port,
    notify_settings,
)


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture
def t0() -> datetime:
    """The tests' "now": a little after the rows each test stores, so those are due."""
    return datetime.now(timezone.utc) + timedelta(seconds=5)


def stored_request(engine, n: int = 0) -> str:
    reference = new_reference()
    store_request(
        engine,
        {
            "kind": "booking",
            "reference": reference,
            "conversation_id": f"conv-{n}",
            "full_name": "Ada Quimby",
            "phone": "+12145550101",
            "email": None,
            "location": first_location(),
            "contact_consent": True,
        },
        idempotency_key=f"key-{reference}",
    )
    return reference


def sender_for(settings, database, clock, **options) -> NotificationSender:
    router = create_app(settings).router  # the real console routes, for the links
    return NotificationSender(
        lambda: database, settings, router, clock=clock, **{**FAST, **options}
    )


def rows(database) -> list:
    found, _ = outbox.list_notifications(database.engine)
    return found[::-1]


def test_a_lease_keeps_a_row_with_one_replica_until_it_runs_out(database, t0):
    stored_request(database.engine)
    [claimed] = outbox.claim_due(database.engine, "replica-a", t0, lease_s=60)
    assert claimed["status"] == "sending" and claimed["attempts"] == 1
    assert (
        outbox.claim_due(database.engine, "replica-b", t0 + timedelta(seconds=59), lease_s=60) == []
    )

    # replica-a died mid-send: once its lease is over, replica-b takes the row over.
    [again] = outbox.claim_due(database.engine, "replica-b", t0 + timedelta(seconds=61), lease_s=60)
    assert again["id"] == claimed["id"] and again["attempts"] == 2
    assert (
        outbox.mark_sent(database.engine, claimed["id"], "replica-a", t0) is False
    )  # no longer a's
    assert (
        outbox.mark_sent(database.engine, claimed["id"], "replica-b", t0 + timedelta(seconds=62))
        is True
    )
    assert outbox.claim_due(database.engine, "replica-a", t0 + timedelta(days=1), lease_s=60) == []
    [row] = rows(database)
    assert row["status"] == "sent" and row["lease_owner"] is None


async def test_two_replicas_send_each_notice_once(settings, database, smtp, mailbox, t0):
    smtp.start()
    for n in range(12):
        stored_request(database.engine, n)
    clock = Clock(t0)
    replicas = [sender_for(settings, database, clock, batch=3) for _ in range(2)]
    assert replicas[0].owner != replicas[1].owner
    for _ in range(6):
        await asyncio.gather(*(r.step() for r in replicas))
    ids = [r.message["Message-ID"] for r in mailbox.received]
    assert len(ids) == 12 and len(set(ids)) == 12
    assert {r["status"] for r in rows(database)} == {"sent"}


async def test_a_crash_after_sending_resends_with_the_same_message_id(
    settings, database, smtp, mailbox, monkeypatch, t0
):
    smtp.start()
    stored_request(database.engine)
    clock = Clock(t0)
    first, second = sender_for(settings, database, clock), sender_for(settings, database, clock)
    real_mark_sent = outbox.mark_sent

    def database_gone(*args):
        raise OperationalError("UPDATE notifications", {}, Exception("disk I/O error"))

    monkeypatch.setattr(outbox, "mark_sent", database_gone)
    with pytest.raises(OperationalError):
        await first.step()  # the email went out; recording it did not
    monkeypatch.setattr(outbox, "mark_sent", real_mark_sent)
    assert len(mailbox.received) == 1
    assert await second.step() == 0  # first's lease still holds
    clock.advance(first.lease_s + 1)
    assert await second.step() == 1
    assert len(mailbox.received) == 2  # at least once ...
    a, b = (r.message["Message-ID"] for r in mailbox.received)
    assert (
        a == b == message_id(rows(database)[0], BASE_URL)
    )  # ... and the duplicate is recognisable
    assert rows(database)[0]["status"] == "sent"


async def test_a_permanent_refusal_fails_with_the_reason(settings, database, smtp, mailbox, t0):
    mailbox.rcpt_reply = "550 5.1.1 No such mailbox here"
    smtp.start()
    stored_request(database.engine)
    await sender_for(settings, database, Clock(t0)).step()
    [row] = rows(database)
    assert row["status"] == "failed"
    assert "550" in row["last_error"] and "refused" in row["last_error"]
    assert mailbox.received == []


async def test_a_temporary_refusal_is_retried_later_with_backoff(
    settings, database, smtp, mailbox, t0
):
    mailbox.rcpt_reply = "451 4.3.0 Try again later"
    smtp.start()
    stored_request(database.engine)
    clock = Clock(t0)
    sender = sender_for(settings, database, clock, backoff_base_s=60.0, backoff_cap_s=3600.0)
    await sender.step()
    [row] = rows(database)
    assert row["status"] == "queued" and "451" in row["last_error"]
    assert t0 + timedelta(seconds=30) <= row["next_attempt_at"] <= t0 + timedelta(seconds=60)
    assert await sender.step() == 0  # not due yet

    mailbox.rcpt_reply = None
    clock.advance(61)
    assert await sender.step() == 1
    assert len(mailbox.received) == 1 and rows(database)[0]["status"] == "sent"


def test_backoff_doubles_up_to_the_cap_with_jitter():
    low, high = (lambda: 0.0), (lambda: 1.0)
    assert [backoff_s(n, 30, 1800, high) for n in (1, 2, 3, 4)] == [30, 60, 120, 240]
    assert [backoff_s(n, 30, 1800, low) for n in (1, 2, 3, 4)] == [15, 30, 60, 120]
    assert backoff_s(50, 30, 1800, high) == 1800 and backoff_s(50, 30, 1800, low) == 900


# --- STARTTLS and log-in, as with a real provider (port 587) ---------------------------


def self_signed(tmp_path):
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.now(timezone.utc)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(hours=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = tmp_path / "smtp-cert.pem", tmp_path / "smtp-key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


def test_starttls_and_login(tmp_path, database, settings, monkeypatch, t0):
    cert_path, key_path = self_signed(tmp_path)
    tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    tls.load_cert_chain(cert_path, key_path)
    # The client checks the certificate against the trusted roots: here, this one.
    monkeypatch.setenv("SSL_CERT_FILE", str(cert_path))

    def authenticator(server, session, envelope, mechanism, auth_data):
        ok = auth_data.login == b"notify-bot" and auth_data.password == b"s3cret pass"
        return AuthResult(success=ok, handled=False, auth_data=auth_data if ok else None)

    mailbox = Mailbox()
    server = SmtpServer(
        free_port(),
        mailbox,
        tls_context=tls,
        require_starttls=True,
        authenticator=authenticator,
        auth_require_tls=True,
    )
    server.start()
    try:
        stored_request(database.engine)
        [row] = outbox.claim_due(database.engine, "test", t0, lease_s=60)
        notify = notify_settings(
            server.port, smtp_starttls=True, smtp_user="notify-bot", smtp_password="s3cret pass"
        )
        message = compose(
            row,
            clinic_name="Clinic",
            sender=notify.sender,
            recipients=notify.recipients(row["location"]),
            base_url=BASE_URL,
            router=create_app(settings).router,
        )
        assert deliver(notify, message, timeout_s=5) == {}
        assert len(mailbox.received) == 1 and mailbox.received[0].login == "notify-bot"

        wrong = notify_settings(
            server.port, smtp_starttls=True, smtp_user="notify-bot", smtp_password="nope"
        )
        with pytest.raises(smtplib.SMTPAuthenticationError) as refused:
            deliver(wrong, message, timeout_s=5)
        # A wrong password is fixed in the settings, not by giving up: such notices stay queued.
        assert not is_permanent(refused.value)
    finally:
        server.stop()
