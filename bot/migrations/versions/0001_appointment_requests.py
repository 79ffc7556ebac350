"""appointment_requests: booking and callback requests sent by the action server.

Revision ID: 0001
Revises:
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "appointment_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=9), nullable=False),
        sa.Column("idempotency_key", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("conversation_id", sa.String(length=200), nullable=False),
        sa.Column("full_name", sa.String(length=120), nullable=False),
        sa.Column("phone", sa.String(length=20), nullable=True),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("location", sa.String(length=100), nullable=True),
        sa.Column("preferred_time_text", sa.String(length=200), nullable=True),
        sa.Column("preferred_time_normalized", sa.String(length=100), nullable=True),
        sa.Column("patient_status", sa.String(length=16), nullable=True),
        sa.Column("visit_reason", sa.String(length=200), nullable=True),
        sa.Column("coverage_type", sa.String(length=16), nullable=True),
        sa.Column("insurance_carrier", sa.String(length=100), nullable=True),
        sa.Column("insurance_member_id", sa.String(length=50), nullable=True),
        sa.Column("contact_consent", sa.Boolean(), nullable=False),
        sa.Column("notes", sa.String(length=2000), nullable=True),
        sa.Column("assessment", sa.JSON(), nullable=True),
        sa.Column("status", sa.String(length=16), server_default=sa.text("'new'"), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_appointment_requests")),
        sa.UniqueConstraint(
            "idempotency_key", name=op.f("uq_appointment_requests_idempotency_key")
        ),
        sa.UniqueConstraint("reference", name=op.f("uq_appointment_requests_reference")),
    )
    with op.batch_alter_table("appointment_requests") as batch_op:
        batch_op.create_index(
            batch_op.f("ix_appointment_requests_conversation_id"), ["conversation_id"]
        )
        batch_op.create_index(batch_op.f("ix_appointment_requests_created_at"), ["created_at"])


def downgrade() -> None:
    with op.batch_alter_table("appointment_requests") as batch_op:
        batch_op.drop_index(batch_op.f("ix_appointment_requests_created_at"))
        batch_op.drop_index(batch_op.f("ix_appointment_requests_conversation_id"))
    op.drop_table("appointment_requests")
