"""The notification outbox (bot/notifications): one row per notice staff are to receive.

A row is written in the same transaction as the event it announces (a stored request,
a conversation the index first sees flagged), so no event is without its notice; the
sender then delivers it at least once and marks it sent. Rows hold no patient data:
the kind, the request reference, the location and when, nothing a visitor typed.
"""

from sqlalchemy import JSON, Column, DateTime, ForeignKey, Index, Integer, String, Table, text

from bot.storage.tables import metadata

notifications = Table(
    "notifications",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("kind", String(16), nullable=False),  # booking | callback | crisis | digest
    # One row per event whichever app process sees it first: request:<id>, crisis:<sender>, digest:<day>.
    Column("dedupe_key", String(300), nullable=False, unique=True),
    Column("request_id", Integer, ForeignKey("appointment_requests.id")),
    Column(
        "conversation_id", String(255)
    ),  # crisis: the flagged conversation, for the console link
    Column("reference", String(32)),
    Column("location", String(100)),
    Column("event_at", DateTime(timezone=True), nullable=False),
    Column("payload", JSON),  # digest: new requests per location at the time it was made
    Column(
        "status", String(16), nullable=False, server_default=text("'queued'")
    ),  # queued|sending|sent|failed
    Column("attempts", Integer, nullable=False, server_default=text("0")),
    Column("next_attempt_at", DateTime(timezone=True), nullable=False),
    # While 'sending': which process holds the row and until when (then another may retry it).
    Column("lease_owner", String(64)),
    Column("lease_until", DateTime(timezone=True)),
    Column("last_error", String(500)),
    Column("sent_at", DateTime(timezone=True)),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Index("ix_notifications_due", "status", "next_attempt_at"),
    Index("ix_notifications_created_at", "created_at"),
)
