"""The language of a conversation and of the requests it sent (issue 19): "en" or "es".

Staff call back in the visitor's language and filter the request and conversation lists by
it. Not personal health information (it says nothing about the visitor's health), so it is
stored plain, like the location. Requests stored before this revision have none (shown as unknown).

Revision ID: spanish01
Revises: booking16
"""

import sqlalchemy as sa
from alembic import op

revision = "spanish01"
down_revision = "booking16"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("appointment_requests", sa.Column("language", sa.String(2), nullable=True))
    op.add_column("staff_conversations", sa.Column("language", sa.String(2), nullable=True))


def downgrade() -> None:
    for table in ("staff_conversations", "appointment_requests"):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("language")
