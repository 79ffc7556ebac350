"""The app's tables: the current schema (migrations in bot/migrations build it).

Rasa's SQL tracker store keeps its own `events` table in the same database; it is not
defined here and migrations never touch it.
"""

from sqlalchemy import Boolean, Column, DateTime, Integer, MetaData, String, Table, text

from bot.storage.encrypted_types import EncryptedJSON, EncryptedText
from clinic.contact_fields import EMAIL_MAX, NAME_MAX, PHONE_MAX

# Named constraints: Alembic can only alter or drop (SQLite batch mode) what has a name.
metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

# What the visitor told us is encrypted at rest (bot/storage/encrypted_types.py); what staff
# filter and sort by (kind, location, status, dates, coverage type) stays plain.
appointment_requests = Table(
    "appointment_requests",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("reference", String(9), nullable=False, unique=True),
    # Unique: a retried or concurrent duplicate submission can never make a second row.
    Column("idempotency_key", String(200), nullable=False, unique=True),
    Column("kind", String(16), nullable=False),
    Column("conversation_id", String(200), nullable=False, index=True),
    Column("full_name", EncryptedText(NAME_MAX), nullable=False),
    Column("phone", EncryptedText(PHONE_MAX)),
    Column("email", EncryptedText(EMAIL_MAX)),
    Column("location", String(100)),
    Column("preferred_time_text", EncryptedText(200)),
    Column("preferred_time_normalized", EncryptedText(100)),
    Column("patient_status", String(16)),
    Column("visit_reason", EncryptedText(200)),
    Column("coverage_type", String(16)),
    Column("insurance_carrier", EncryptedText(100)),
    Column("insurance_member_id", EncryptedText(50)),
    Column("contact_consent", Boolean, nullable=False),
    Column("notes", EncryptedText(2000)),
    Column("assessment", EncryptedJSON),
    # Issue 16. Which provider staff book with is not sensitive and is filtered by: plain.
    Column("provider", String(100)),
    Column("patient_name", EncryptedText(NAME_MAX)),
    Column("relationship", EncryptedText(40)),
    # "en" or "es": the language of the conversation (issue 19), so staff call back in it.
    Column("language", String(2)),
    Column("status", String(16), nullable=False, server_default=text("'new'")),
    Column("created_at", DateTime(timezone=True), nullable=False, index=True),
)
