"""Staff console: accounts, audit log, request follow-up, conversation index and review.

Revision ID: staff01
Revises: 0001
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

revision = "staff01"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "staff_users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("failed_logins", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("session_epoch", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_login_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_staff_users"),
        sa.UniqueConstraint("username", name="uq_staff_users_username"),
    )
    op.create_table(
        "staff_login_failures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ip", sa.String(length=64), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_staff_login_failures"),
    )
    op.create_index("ix_staff_login_failures_ip_at", "staff_login_failures", ["ip", "at"])
    op.create_table(
        "staff_audit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=64), nullable=True),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("target", sa.String(length=255), nullable=True),
        sa.Column("ip", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_staff_audit"),
    )
    op.create_index("ix_staff_audit_at", "staff_audit", ["at"])
    op.create_index("ix_staff_audit_action", "staff_audit", ["action"])
    op.create_table(
        "staff_request_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("old_status", sa.String(length=16), nullable=True),
        sa.Column("new_status", sa.String(length=16), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["appointment_requests.id"],
            name="fk_staff_request_events_request_id_appointment_requests",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_staff_request_events"),
    )
    op.create_index("ix_staff_request_events_request_id", "staff_request_events", ["request_id"])
    op.create_table(
        "staff_index_state",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("last_event_id", sa.Integer(), nullable=False),
        sa.Column("gaps", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_staff_index_state"),
    )
    op.create_table(
        "staff_conversations",
        sa.Column("sender_id", sa.String(length=255), nullable=False),
        sa.Column("started_at", sa.Float(), nullable=False),
        sa.Column("last_at", sa.Float(), nullable=False),
        sa.Column("event_count", sa.Integer(), nullable=False),
        sa.Column("user_messages", sa.Integer(), nullable=False),
        sa.Column("first_message", sa.String(length=300), nullable=True),
        sa.Column("last_user_event_id", sa.Integer(), nullable=True),
        sa.Column("crisis", sa.Boolean(), nullable=False),
        sa.Column("fallbacks", sa.Integer(), nullable=False),
        sa.Column("handoff", sa.Boolean(), nullable=False),
        sa.Column("booking_started", sa.Boolean(), nullable=False),
        sa.Column("reviewed", sa.Boolean(), nullable=False),
        sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reviewed_by", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("sender_id", name="pk_staff_conversations"),
    )
    op.create_index("ix_staff_conversations_last_at", "staff_conversations", ["last_at"])
    op.create_index("ix_staff_conversations_started_at", "staff_conversations", ["started_at"])
    op.create_index(
        "ix_staff_conversations_triage",
        "staff_conversations",
        [sa.text("crisis DESC"), "reviewed", sa.text("last_at DESC")],
    )
    op.create_table(
        "staff_conversation_intents",
        sa.Column("sender_id", sa.String(length=255), nullable=False),
        sa.Column("intent", sa.String(length=255), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("sender_id", "intent", name="pk_staff_conversation_intents"),
    )
    op.create_index(
        "ix_staff_conversation_intents_intent",
        "staff_conversation_intents",
        ["intent", "sender_id"],
    )
    op.create_table(
        "staff_visitor_text",
        sa.Column("sender_id", sa.String(length=255), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("sender_id", name="pk_staff_visitor_text"),
    )
    op.create_table(
        "staff_unanswered",
        sa.Column("event_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("sender_id", sa.String(length=255), nullable=False),
        sa.Column("at", sa.Float(), nullable=False),
        sa.Column("text", sa.String(length=300), nullable=False),
        sa.PrimaryKeyConstraint("event_id", name="pk_staff_unanswered"),
    )
    op.create_index("ix_staff_unanswered_at", "staff_unanswered", ["at"])
    op.create_table(
        "staff_conversation_tags",
        sa.Column("sender_id", sa.String(length=255), nullable=False),
        sa.Column("tag", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("sender_id", "tag", name="pk_staff_conversation_tags"),
    )
    op.create_index("ix_staff_conversation_tags_tag", "staff_conversation_tags", ["tag"])
    op.create_table(
        "staff_turn_corrections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sender_id", sa.String(length=255), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("corrected", sa.String(length=255), nullable=True),
        sa.Column("comment", sa.String(length=1000), nullable=True),
        sa.Column("author", sa.String(length=64), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_staff_turn_corrections"),
        sa.UniqueConstraint("event_id", name="uq_staff_turn_corrections_event"),
    )
    op.create_index("ix_staff_turn_corrections_sender_id", "staff_turn_corrections", ["sender_id"])


def downgrade() -> None:
    for table in (
        "staff_turn_corrections",
        "staff_conversation_tags",
        "staff_unanswered",
        "staff_visitor_text",
        "staff_conversation_intents",
        "staff_conversations",
        "staff_index_state",
        "staff_request_events",
        "staff_audit",
        "staff_login_failures",
        "staff_users",
    ):
        op.drop_table(table)  # their indexes go with them
