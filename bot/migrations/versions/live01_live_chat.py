"""Live chat with staff: availability and handoff requests (issue 20).

Revision ID: live01
Revises: security01
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "live01"
down_revision = "security01"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "live_staff",
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("display_name", sa.String(length=64), nullable=False),
        sa.Column("available", sa.Boolean(), nullable=False),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"], ["staff_users.id"], name="fk_live_staff_account_id_staff_users"
        ),
        sa.PrimaryKeyConstraint("account_id", name="pk_live_staff"),
    )
    op.create_table(
        "live_handoffs",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("conversation_id", sa.String(length=255), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deadline_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("joined_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("joined_by", sa.Integer(), nullable=True),
        sa.Column("staff_name", sa.String(length=64), nullable=True),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("callback_offered", sa.Boolean(), nullable=False),
        sa.Column("crisis", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["joined_by"], ["staff_users.id"], name="fk_live_handoffs_joined_by_staff_users"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_live_handoffs"),
    )
    op.create_index("ix_live_handoffs_conversation", "live_handoffs", ["conversation_id", "status"])
    op.create_index("ix_live_handoffs_status_deadline", "live_handoffs", ["status", "deadline_at"])
    op.create_index("ix_live_handoffs_requested_at", "live_handoffs", ["requested_at"])


def downgrade() -> None:
    op.drop_table("live_handoffs")
    op.drop_table("live_staff")
