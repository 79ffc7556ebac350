"""The staff console's tables: accounts, audit log, request follow-up and the conversation index.

They share `metadata` with the app's tables so one Alembic history builds them all
(revision `staff_console` in bot/migrations). Times the console writes are UTC; times
copied from Rasa's `events` table stay float epoch seconds, as Rasa stores them, so
date filters compare numbers on an index.

Nothing a visitor or a reviewer wrote is stored in plain text (issue 7): first messages,
unanswered messages, notes and comments are encrypted (bot/storage/encrypted_types.py),
and the text search uses a blind index (staff_search_tokens) instead of the text.
"""

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    UniqueConstraint,
    false,
    text,
)

from bot.storage.encrypted_types import EncryptedText
from bot.storage.tables import metadata

# --- access -------------------------------------------------------------------------

staff_users = Table(
    "staff_users",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("username", String(64), nullable=False, unique=True),
    Column("password_hash", String(255), nullable=False),
    Column("role", String(16), nullable=False),  # admin | staff
    Column("failed_logins", Integer, nullable=False, server_default=text("0")),
    Column("locked_until", DateTime(timezone=True)),
    # Bumped on log-out and password change: every cookie issued before is void.
    Column("session_epoch", Integer, nullable=False, server_default=text("0")),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("last_login_at", DateTime(timezone=True)),
    # Issue 18: a disabled account cannot log in; an optional TOTP second factor (the
    # secret encrypted at rest; the last accepted time step, so a code is used once).
    Column("disabled", Boolean, nullable=False, server_default=false()),
    Column("totp_secret", EncryptedText()),
    Column("totp_last_step", Integer),
)

# Failed log-ins per client address (the address's own limit) and per username typed
# with it (that pair's slow-down; bot/staff/accounts.py).
staff_login_failures = Table(
    "staff_login_failures",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("ip", String(64), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("username", String(64)),
    Index("ix_staff_login_failures_ip_at", "ip", "at"),
    Index("ix_staff_login_failures_username_ip_at", "username", "ip", "at"),
)

staff_audit = Table(
    "staff_audit",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("at", DateTime(timezone=True), nullable=False, index=True),
    Column("actor", String(64)),  # the username typed, for failed log-ins
    Column("action", String(32), nullable=False, index=True),
    Column("target", String(255)),  # conversation id, request reference, export name
    Column("ip", String(64)),
)

# --- requests -----------------------------------------------------------------------

# Every status change and note on an appointment request, with who and when.
staff_request_events = Table(
    "staff_request_events",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "request_id", Integer, ForeignKey("appointment_requests.id"), nullable=False, index=True
    ),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("actor", String(64), nullable=False),
    Column("old_status", String(16)),
    Column("new_status", String(16)),
    Column("note", EncryptedText()),
)

# --- conversation index (kept up to date from Rasa's `events` table) ------------------

staff_index_state = Table(
    "staff_index_state",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("last_event_id", Integer, nullable=False),
    # Ids skipped while tailing (a writer's transaction not yet committed): re-read later.
    Column("gaps", JSON, nullable=False),
)

staff_conversations = Table(
    "staff_conversations",
    metadata,
    Column("sender_id", String(255), primary_key=True),
    Column("started_at", Float, nullable=False),
    Column("last_at", Float, nullable=False),
    Column("event_count", Integer, nullable=False),
    Column("user_messages", Integer, nullable=False),
    Column("first_message", EncryptedText(300)),
    Column("last_user_event_id", Integer),
    Column("crisis", Boolean, nullable=False),
    # Asked the screening question for a warning sign (issue 17); listed after crisis.
    Column("risk_screen", Boolean, nullable=False, server_default=false()),
    Column("fallbacks", Integer, nullable=False),
    Column("handoff", Boolean, nullable=False),
    Column("booking_started", Boolean, nullable=False),
    # "en" / "es": the conversation's language slot, latest value (issue 19).
    Column("language", String(2)),
    Column("reviewed", Boolean, nullable=False),
    Column("reviewed_at", DateTime(timezone=True)),
    Column("reviewed_by", String(64)),
    Index("ix_staff_conversations_last_at", "last_at"),
    Index("ix_staff_conversations_started_at", "started_at"),
)
# The list's order (crisis, then risk screen, then unreviewed, newest) read off an index.
Index(
    "ix_staff_conversations_triage",
    staff_conversations.c.crisis.desc(),
    staff_conversations.c.risk_screen.desc(),
    staff_conversations.c.reviewed,
    staff_conversations.c.last_at.desc(),
    staff_conversations.c.sender_id,
)

# One row per conversation and intent. A retrieval intent is stored in full (faq/<topic>)
# and under its own name too (faq): the `faq` row counts every faq message, whatever its
# topic, so the list's filter by `faq` (all topics) is one intent like any other.
staff_conversation_intents = Table(
    "staff_conversation_intents",
    metadata,
    Column("sender_id", String(255), primary_key=True),
    Column("intent", String(255), primary_key=True),
    Column("count", Integer, nullable=False),
    # Copies of the conversation's triage key (staff_conversations, same names), so a list
    # filtered by intent is read in triage order off one index range (migration speed02).
    # Written with the conversation: the index updater copies them after each batch
    # (bot/staff/conversation_index.py), marking reviewed sets `reviewed` on both
    # (bot/staff/transcripts.py).
    Column("crisis", Boolean, nullable=False, server_default=false()),
    Column("risk_screen", Boolean, nullable=False, server_default=false()),
    Column("reviewed", Boolean, nullable=False, server_default=false()),
    Column("last_at", Float, nullable=False, server_default=text("0")),
)
# The conversations list filtered by an intent, in triage order (as ix_staff_conversations_triage).
Index(
    "ix_staff_conversation_intents_triage",
    staff_conversation_intents.c.intent,
    staff_conversation_intents.c.crisis.desc(),
    staff_conversation_intents.c.risk_screen.desc(),
    staff_conversation_intents.c.reviewed,
    staff_conversation_intents.c.last_at.desc(),
    staff_conversation_intents.c.sender_id,
)

# The text search over what visitors typed, as a blind index: one row per conversation and
# distinct word, the word's keyed HMAC (bot/staff/search_terms.py), never the word.
staff_search_tokens = Table(
    "staff_search_tokens",
    metadata,
    Column("sender_id", String(255), primary_key=True),
    Column("token", String(32), primary_key=True),
    Index("ix_staff_search_tokens_token", "token", "sender_id"),
)

# Visitor messages the assistant could not answer (nlu_fallback or action_default_fallback).
staff_unanswered = Table(
    "staff_unanswered",
    metadata,
    Column("event_id", Integer, primary_key=True),
    Column("sender_id", String(255), nullable=False),
    Column("at", Float, nullable=False, index=True),
    Column(
        "text", EncryptedText(300), nullable=False
    ),  # lower-cased, spaces collapsed: counted as one
    # The keyed HMAC of `text`: equal messages share it, so the analytics count them in SQL.
    Column("text_key", String(32), nullable=False, index=True),
)

# --- review -------------------------------------------------------------------------

staff_conversation_tags = Table(
    "staff_conversation_tags",
    metadata,
    Column("sender_id", String(255), primary_key=True),
    Column("tag", String(40), primary_key=True),
    Index("ix_staff_conversation_tags_tag", "tag"),
)

# A reviewer's verdict on one event: a user turn's corrected intent, or a bot action
# marked wrong (optionally with the action it should have taken).
staff_turn_corrections = Table(
    "staff_turn_corrections",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("sender_id", String(255), nullable=False, index=True),
    Column("event_id", Integer, nullable=False),
    Column("kind", String(16), nullable=False),  # intent | action
    Column("corrected", String(255)),
    Column("comment", EncryptedText(1000)),
    Column("author", String(64), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("event_id", name="uq_staff_turn_corrections_event"),
)
