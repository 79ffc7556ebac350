"""The conversations list filtered by an intent, read in triage order off one index range.

About 40 % of conversations have a faq topic, so a filter by intent that reads the
matching conversations' ids first and then orders them does not stop after a page. Instead,
each intent row (staff_conversation_intents) gets a copy of its conversation's triage key
(crisis, risk_screen, reviewed, last_at) and an index in the list's order, per intent. A
retrieval intent's name (`faq`) gets its own row per conversation with any of its topics,
counting every faq message, so "all FAQ topics" is one intent too. The index updater and
marking reviewed keep the copies current (bot/staff/conversation_index.py, transcripts.py).

Backfilled here from the rows as they are. The old (intent, sender_id) index is replaced:
the new one starts with intent.

Revision ID: speed02
Revises: spanish01
"""

import sqlalchemy as sa
from alembic import op

revision = "speed02"
down_revision = "spanish01"
branch_labels = None
depends_on = None

TABLE = "staff_conversation_intents"
KEY = ("crisis", "risk_screen", "reviewed", "last_at")
_CHUNK = 5000

intents = sa.table(
    TABLE,
    sa.column("sender_id", sa.String),
    sa.column("intent", sa.String),
    sa.column("count", sa.Integer),
)


def _topic_totals(conn) -> dict:
    """{(sender_id, retrieval intent): messages of any of its topics}."""
    totals: dict = {}
    rows = conn.execute(
        sa.select(intents.c.sender_id, intents.c.intent, intents.c.count).where(
            intents.c.intent.like("%/%")
        )
    )
    for sender_id, intent, count in rows:
        parent, _, topic = intent.partition("/")
        if parent and topic:
            totals[(sender_id, parent)] = totals.get((sender_id, parent), 0) + count
    return totals


def _stored(conn, parents: set) -> dict:
    """{(sender_id, intent): count} of the rows already stored under these names."""
    return {
        (sender_id, intent): count
        for sender_id, intent, count in conn.execute(
            sa.select(intents.c.sender_id, intents.c.intent, intents.c.count).where(
                intents.c.intent.in_(sorted(parents))
            )
        )
    }


def _executemany(conn, statement, rows: list) -> None:
    for start in range(0, len(rows), _CHUNK):
        conn.execute(statement, rows[start : start + _CHUNK])


def _set_counts(conn, counts: list) -> None:
    _executemany(
        conn,
        intents.update()
        .where(intents.c.sender_id == sa.bindparam("s"), intents.c.intent == sa.bindparam("i"))
        .values(count=sa.bindparam("n")),
        counts,
    )


def upgrade() -> None:
    for name in ("crisis", "risk_screen", "reviewed"):
        op.add_column(
            TABLE, sa.Column(name, sa.Boolean(), server_default=sa.false(), nullable=False)
        )
    op.add_column(
        TABLE, sa.Column("last_at", sa.Float(), server_default=sa.text("0"), nullable=False)
    )
    conn = op.get_bind()

    # faq/<topic> rows counted under `faq` too (added to a plain `faq` row where there is one).
    totals = _topic_totals(conn)
    stored = _stored(conn, {parent for _, parent in totals})
    _set_counts(
        conn,
        [
            {"s": s, "i": i, "n": stored[(s, i)] + n}
            for (s, i), n in totals.items()
            if (s, i) in stored
        ],
    )
    _executemany(
        conn,
        intents.insert(),
        [
            {"sender_id": s, "intent": i, "count": n}
            for (s, i), n in totals.items()
            if (s, i) not in stored
        ],
    )

    # The triage key, copied from each row's conversation (one lookup per row).
    op.execute(
        f"UPDATE {TABLE} SET ({', '.join(KEY)}) = ("
        f"SELECT {', '.join('c.' + k for k in KEY)} FROM staff_conversations c "
        f"WHERE c.sender_id = {TABLE}.sender_id) "
        f"WHERE EXISTS (SELECT 1 FROM staff_conversations c WHERE c.sender_id = {TABLE}.sender_id)"
    )

    op.drop_index("ix_staff_conversation_intents_intent", table_name=TABLE)
    op.create_index(
        "ix_staff_conversation_intents_triage",
        TABLE,
        [
            "intent",
            sa.text("crisis DESC"),
            sa.text("risk_screen DESC"),
            "reviewed",
            sa.text("last_at DESC"),
            "sender_id",
        ],
    )


def downgrade() -> None:
    op.drop_index("ix_staff_conversation_intents_triage", table_name=TABLE)
    with op.batch_alter_table(TABLE) as batch:
        for name in reversed(KEY):
            batch.drop_column(name)
    op.create_index("ix_staff_conversation_intents_intent", TABLE, ["intent", "sender_id"])

    # `faq` counts its plain messages again: the topics' messages taken off, the row gone
    # where none is left.
    conn = op.get_bind()
    totals = _topic_totals(conn)
    stored = _stored(conn, {parent for _, parent in totals})
    left = {key: stored[key] - n for key, n in totals.items() if key in stored}
    _set_counts(conn, [{"s": s, "i": i, "n": n} for (s, i), n in left.items() if n > 0])
    _executemany(
        conn,
        intents.delete().where(
            intents.c.sender_id == sa.bindparam("s"), intents.c.intent == sa.bindparam("i")
        ),
        [{"s": s, "i": i} for (s, i), n in left.items() if n <= 0],
    )
