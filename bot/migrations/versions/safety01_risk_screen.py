"""Risk-screen flag on the conversation index (issue 17), in the console's triage order.

Revision ID: safety01
Revises: live01
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "safety01"
down_revision = "live01"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("staff_conversations") as batch:
        batch.add_column(
            sa.Column("risk_screen", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
    op.drop_index("ix_staff_conversations_triage", table_name="staff_conversations")
    op.create_index(
        "ix_staff_conversations_triage",
        "staff_conversations",
        [sa.text("crisis DESC"), sa.text("risk_screen DESC"), "reviewed", sa.text("last_at DESC")],
    )


def downgrade() -> None:
    op.drop_index("ix_staff_conversations_triage", table_name="staff_conversations")
    op.create_index(
        "ix_staff_conversations_triage",
        "staff_conversations",
        [sa.text("crisis DESC"), "reviewed", sa.text("last_at DESC")],
    )
    with op.batch_alter_table("staff_conversations") as batch:
        batch.drop_column("risk_screen")
