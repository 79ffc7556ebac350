"""Encryption at rest (issue 7): PHI columns become encrypted TEXT, the search a blind index.

- appointment_requests: name, phone, email, preferred time, visit reason, insurance
  carrier and member id, notes and the assessment are encrypted (types in
  bot/storage/encrypted_types.py); existing rows are encrypted here.
- staff console: first messages, unanswered messages (plus their keyed hash `text_key`,
  for counting), request notes and correction comments are encrypted;
  staff_visitor_text (plain text for the search) is replaced by staff_search_tokens.
- Rasa's events: rows written before the encrypting tracker store get their data
  encrypted (the table's columns do not change).

Needs the data keys (DATA_ENCRYPTION_KEYS or the key file, clinic/settings.py).
There is no downgrade: it would write PHI back in plain text. Restore a backup instead.

Revision ID: privacy01
Revises: notify01
Create Date: 2026-11-27
"""

import json

import sqlalchemy as sa
from alembic import op

from bot.staff.search_terms import stored_tokens
from clinic.field_crypto import data_cipher

revision = "privacy01"
down_revision = "notify01"
branch_labels = None
depends_on = None

REQUEST_COLUMNS = (
    "full_name",
    "phone",
    "email",
    "preferred_time_text",
    "preferred_time_normalized",
    "visit_reason",
    "insurance_carrier",
    "insurance_member_id",
    "notes",
    "assessment",
)
BATCH = 2000


def _encrypt_column(table: str, key: str, column: str) -> None:
    """Encrypt every stored value of `column` (plain text before this revision)."""
    conn, cipher = op.get_bind(), data_cipher()
    rows = conn.execute(
        sa.text(f"SELECT {key}, {column} FROM {table} WHERE {column} IS NOT NULL")
    ).all()
    for row_key, value in rows:
        plain = value if isinstance(value, str) else json.dumps(value)
        conn.execute(
            sa.text(f"UPDATE {table} SET {column} = :v WHERE {key} = :k"),
            {"v": cipher.encrypt(plain), "k": row_key},
        )


def _to_text(table: str, columns, existing_types) -> None:
    with op.batch_alter_table(table) as batch_op:
        for column in columns:
            extra = {"postgresql_using": f"{column}::text"} if column == "assessment" else {}
            batch_op.alter_column(
                column, type_=sa.Text(), existing_type=existing_types[column], **extra
            )


def _encrypt_events() -> None:
    conn, cipher = op.get_bind(), data_cipher()
    inspector = sa.inspect(conn)
    if not inspector.has_table("events") or "data" not in {
        c["name"] for c in inspector.get_columns("events")
    }:
        return  # Rasa's tracker store has not run on this database yet
    last = 0
    while True:
        rows = conn.execute(
            sa.text("SELECT id, data FROM events WHERE id > :last ORDER BY id LIMIT :n"),
            {"last": last, "n": BATCH},
        ).all()
        if not rows:
            return
        for row_id, data in rows:
            if data and data.lstrip().startswith("{"):  # plain JSON, written before this revision
                conn.execute(
                    sa.text("UPDATE events SET data = :v WHERE id = :id"),
                    {"v": cipher.encrypt(data), "id": row_id},
                )
        last = rows[-1][0]


def upgrade() -> None:
    types = {c: sa.String() for c in REQUEST_COLUMNS}
    types["assessment"] = sa.JSON()
    _to_text("appointment_requests", REQUEST_COLUMNS, types)
    for column in REQUEST_COLUMNS:
        _encrypt_column("appointment_requests", "id", column)

    _to_text("staff_conversations", ["first_message"], {"first_message": sa.String(300)})
    _encrypt_column("staff_conversations", "sender_id", "first_message")
    _encrypt_column("staff_request_events", "id", "note")
    _to_text("staff_turn_corrections", ["comment"], {"comment": sa.String(1000)})
    _encrypt_column("staff_turn_corrections", "id", "comment")

    # Unanswered messages: encrypted, counted by a keyed hash of the (normalised) text.
    conn, cipher = op.get_bind(), data_cipher()
    with op.batch_alter_table("staff_unanswered") as batch_op:
        batch_op.add_column(sa.Column("text_key", sa.String(length=32), nullable=True))
        batch_op.alter_column(
            "text", type_=sa.Text(), existing_type=sa.String(300), existing_nullable=False
        )
    for event_id, text in conn.execute(
        sa.text("SELECT event_id, text FROM staff_unanswered")
    ).all():
        conn.execute(
            sa.text("UPDATE staff_unanswered SET text = :t, text_key = :k WHERE event_id = :id"),
            {"t": cipher.encrypt(text), "k": cipher.blind(text), "id": event_id},
        )
    with op.batch_alter_table("staff_unanswered") as batch_op:
        batch_op.alter_column("text_key", existing_type=sa.String(length=32), nullable=False)
        batch_op.create_index("ix_staff_unanswered_text_key", ["text_key"])

    # The text search: blind-index tokens instead of the text.
    op.create_table(
        "staff_search_tokens",
        sa.Column("sender_id", sa.String(length=255), nullable=False),
        sa.Column("token", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("sender_id", "token", name="pk_staff_search_tokens"),
    )
    op.create_index("ix_staff_search_tokens_token", "staff_search_tokens", ["token", "sender_id"])
    for sender_id, text in conn.execute(
        sa.text("SELECT sender_id, text FROM staff_visitor_text")
    ).all():
        tokens = sorted(set().union(*(stored_tokens(line, cipher) for line in text.splitlines())))
        if tokens:
            conn.execute(
                sa.text("INSERT INTO staff_search_tokens (sender_id, token) VALUES (:s, :t)"),
                [{"s": sender_id, "t": t} for t in tokens],
            )
    op.drop_table("staff_visitor_text")

    _encrypt_events()


def downgrade() -> None:
    raise RuntimeError(
        "privacy01 cannot be downgraded: that would write patients' data back in plain text. "
        "Restore a database backup taken before the upgrade instead."
    )
