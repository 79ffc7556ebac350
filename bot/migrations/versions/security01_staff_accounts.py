"""Staff account handling (issue 18): disabled accounts, an optional TOTP second factor,
and failed log-ins counted per account and address (a slow-down, not a lock anyone can
trigger).

Revision ID: security01
Revises: privacy01
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "security01"
down_revision = "privacy01"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("staff_users") as batch:
        batch.add_column(
            sa.Column("disabled", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        # Encrypted like every other secret at rest (bot/storage/encrypted_types.py).
        batch.add_column(sa.Column("totp_secret", sa.Text(), nullable=True))
        batch.add_column(sa.Column("totp_last_step", sa.Integer(), nullable=True))
    with op.batch_alter_table("staff_login_failures") as batch:
        batch.add_column(sa.Column("username", sa.String(length=64), nullable=True))
    op.create_index(
        "ix_staff_login_failures_username_ip_at",
        "staff_login_failures",
        ["username", "ip", "at"],
    )


def downgrade() -> None:
    op.drop_index("ix_staff_login_failures_username_ip_at", table_name="staff_login_failures")
    with op.batch_alter_table("staff_login_failures") as batch:
        batch.drop_column("username")
    with op.batch_alter_table("staff_users") as batch:
        batch.drop_column("totp_last_step")
        batch.drop_column("totp_secret")
        batch.drop_column("disabled")
