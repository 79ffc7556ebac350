"""Booking requests: provider preference, and the patient when someone books for them (issue 16).

Revision ID: booking16
Revises: speed01
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "booking16"
down_revision = "speed01"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # patient_name and relationship hold ciphertext (bot/storage/encrypted_types.py).
    with op.batch_alter_table("appointment_requests") as batch:
        batch.add_column(sa.Column("provider", sa.String(length=100), nullable=True))
        batch.add_column(sa.Column("patient_name", sa.Text(), nullable=True))
        batch.add_column(sa.Column("relationship", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("appointment_requests") as batch:
        batch.drop_column("relationship")
        batch.drop_column("patient_name")
        batch.drop_column("provider")
