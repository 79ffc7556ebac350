"""Conversation list at 100,000 conversations: the triage index ends with sender_id.

The list's order is then total (ties on last_at broken by sender_id), a page boundary is
a key, and a deep page's boundary is read off the index alone, without visiting the rows
before it (keyset pagination, bot/staff/conversation_list.py). The order before sender_id
is safety01's triage order: crisis, risk screen, unreviewed, newest.

Revision ID: speed01
Revises: safety01
"""

import sqlalchemy as sa
from alembic import op

revision = "speed01"
down_revision = "safety01"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_staff_conversations_triage", table_name="staff_conversations")
    op.create_index(
        "ix_staff_conversations_triage",
        "staff_conversations",
        [
            sa.text("crisis DESC"),
            sa.text("risk_screen DESC"),
            "reviewed",
            sa.text("last_at DESC"),
            "sender_id",
        ],
    )


def downgrade() -> None:
    op.drop_index("ix_staff_conversations_triage", table_name="staff_conversations")
    op.create_index(
        "ix_staff_conversations_triage",
        "staff_conversations",
        [sa.text("crisis DESC"), sa.text("risk_screen DESC"), "reviewed", sa.text("last_at DESC")],
    )
