"""Live chat's tables (issue 20): who is available, and each request for a person.

What was said lives in Rasa's tracker (one record per conversation); these rows hold only
the state every app process must agree on, so that several processes can serve the
visitor and the staff member (the production profile). Times are UTC.
"""

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
)

from bot.storage.tables import metadata

# One row per staff account that has opened the live page. Available means: the flag is
# set and one of the account's live pages is connected (seen_at is refreshed while it is).
live_staff = Table(
    "live_staff",
    metadata,
    Column("account_id", Integer, ForeignKey("staff_users.id"), primary_key=True),
    Column("display_name", String(64), nullable=False),
    Column("available", Boolean, nullable=False),
    Column("seen_at", DateTime(timezone=True), nullable=False),
)

# One row per "talk to a person" while someone was available.
# status: waiting -> joined -> ended, or waiting -> missed.
live_handoffs = Table(
    "live_handoffs",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("conversation_id", String(255), nullable=False),
    Column("status", String(16), nullable=False),
    Column("requested_at", DateTime(timezone=True), nullable=False),
    Column("deadline_at", DateTime(timezone=True), nullable=False),
    Column("joined_at", DateTime(timezone=True)),
    Column("joined_by", Integer, ForeignKey("staff_users.id")),
    Column("staff_name", String(64)),
    Column("ended_at", DateTime(timezone=True)),
    Column("callback_offered", Boolean, nullable=False),
    Column("crisis", Boolean, nullable=False),
    Index("ix_live_handoffs_conversation", "conversation_id", "status"),
    Index("ix_live_handoffs_status_deadline", "status", "deadline_at"),
    Index("ix_live_handoffs_requested_at", "requested_at"),
)
