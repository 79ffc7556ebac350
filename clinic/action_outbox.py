"""The action server's durable outbox: a request is written here before any delivery try.

One SQLite file (OUTBOX_PATH, default var/outbox.sqlite, mode 0600); the request body,
with the visitor's contact details, is encrypted (clinic/field_crypto.py). One row per
idempotency key, so confirming twice cannot queue a request twice. A row is `pending`
until the app accepts it (`delivered`, and its body is erased: the app holds it now) or
refuses it for good (`failed`, body kept for an operator). A lease marks a delivery in
progress so that two tasks or processes sharing the file do not send a row at once.

Blocking sqlite3 calls; async code runs them with asyncio.to_thread.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import List, Optional

from clinic.field_crypto import data_cipher
from clinic.settings import load_settings

PENDING, DELIVERED, FAILED = "pending", "delivered", "failed"
REFERENCE_TAKEN = "reference taken"  # last_error after the app said another request holds it

_SCHEMA = """
CREATE TABLE IF NOT EXISTS outbox (
    id INTEGER PRIMARY KEY,
    idempotency_key TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    reference TEXT NOT NULL,
    conversation_id TEXT NOT NULL,
    body TEXT,
    status TEXT NOT NULL DEFAULT 'pending',
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at REAL NOT NULL,
    lease_until REAL,
    last_error TEXT,
    created_at REAL NOT NULL,
    delivered_at REAL
);
CREATE INDEX IF NOT EXISTS outbox_due ON outbox (status, next_attempt_at);
"""


@dataclass(frozen=True)
class OutboxRow:
    id: int
    idempotency_key: str
    kind: str
    reference: str
    conversation_id: str
    body: Optional[dict]  # the request without its reference; None once delivered
    status: str
    attempts: int
    next_attempt_at: float
    last_error: Optional[str]


def seal(body: dict) -> str:
    """The body as stored: its JSON, encrypted."""
    return data_cipher().encrypt(json.dumps(body))


def unseal(stored: str) -> dict:
    if stored.startswith("{"):  # queued before bodies were encrypted; `keys rotate` encrypts it
        return json.loads(stored)
    return json.loads(data_cipher().decrypt(stored))


def outbox_path() -> Path:
    return Path(os.environ.get("OUTBOX_PATH") or load_settings().var_dir / "outbox.sqlite")


class Outbox:
    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._ready = False

    def _connect(self) -> sqlite3.Connection:
        if not self._ready:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # The file holds visitors' contact details until delivery: owner-only.
            os.close(os.open(self.path, os.O_CREAT | os.O_RDWR, 0o600))
            os.chmod(self.path, 0o600)
        conn = sqlite3.connect(self.path, timeout=10, isolation_level=None)
        conn.row_factory = sqlite3.Row
        if not self._ready:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.executescript(_SCHEMA)
            self._ready = True
        return conn

    def enqueue(
        self, idempotency_key: str, kind: str, reference: str, conversation_id: str, body: dict
    ) -> OutboxRow:
        """The row for this key: inserted now, or the one stored by an earlier call."""
        now = time.time()
        with closing(self._connect()) as conn:
            conn.execute(
                "INSERT OR IGNORE INTO outbox (idempotency_key, kind, reference, conversation_id, body,"
                " status, next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (idempotency_key, kind, reference, conversation_id, seal(body), PENDING, now, now),
            )
            return self._row(conn, "idempotency_key = ?", idempotency_key)

    def claim(self, row_id: int, lease_seconds: float) -> Optional[OutboxRow]:
        """Take a pending row for one delivery attempt; None if delivered, failed or leased."""
        now = time.time()
        with closing(self._connect()) as conn:
            taken = conn.execute(
                "UPDATE outbox SET lease_until = ? WHERE id = ? AND status = ?"
                " AND (lease_until IS NULL OR lease_until < ?)",
                (now + lease_seconds, row_id, PENDING, now),
            ).rowcount
            return self._row(conn, "id = ?", row_id) if taken else None

    def due(self, limit: int = 50) -> List[OutboxRow]:
        now = time.time()
        with closing(self._connect()) as conn:
            rows = conn.execute(
                "SELECT * FROM outbox WHERE status = ? AND next_attempt_at <= ?"
                " AND (lease_until IS NULL OR lease_until < ?) ORDER BY next_attempt_at LIMIT ?",
                (PENDING, now, now, limit),
            ).fetchall()
            return [self._to_row(r) for r in rows]

    def seconds_until_next_due(self) -> Optional[float]:
        with closing(self._connect()) as conn:
            (next_at,) = conn.execute(
                "SELECT MIN(MAX(next_attempt_at, COALESCE(lease_until, 0))) FROM outbox WHERE status = ?",
                (PENDING,),
            ).fetchone()
        return None if next_at is None else max(0.0, next_at - time.time())

    def mark_delivered(self, row_id: int, reference: str) -> None:
        with closing(self._connect()) as conn:
            conn.execute(
                "UPDATE outbox SET status = ?, reference = ?, body = NULL, lease_until = NULL,"
                " attempts = attempts + 1, delivered_at = ?, last_error = NULL WHERE id = ?",
                (DELIVERED, reference, time.time(), row_id),
            )

    def mark_retry(self, row_id: int, delay_seconds: float, error: str) -> None:
        with closing(self._connect()) as conn:
            conn.execute(
                "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?, lease_until = NULL,"
                " last_error = ? WHERE id = ?",
                (time.time() + delay_seconds, error, row_id),
            )

    def mark_failed(self, row_id: int, error: str) -> None:
        with closing(self._connect()) as conn:
            conn.execute(
                "UPDATE outbox SET status = ?, attempts = attempts + 1, lease_until = NULL, last_error = ?"
                " WHERE id = ?",
                (FAILED, error, row_id),
            )

    def replace_reference(self, row_id: int, reference: str, body: dict) -> None:
        """After the app said the reference belongs to another request: a new one, sent at once."""
        with closing(self._connect()) as conn:
            conn.execute(
                "UPDATE outbox SET reference = ?, body = ?, attempts = attempts + 1, next_attempt_at = ?,"
                " lease_until = NULL, last_error = ? WHERE id = ?",
                (reference, seal(body), time.time(), REFERENCE_TAKEN, row_id),
            )

    def get(self, idempotency_key: str) -> Optional[OutboxRow]:
        with closing(self._connect()) as conn:
            return self._row(conn, "idempotency_key = ?", idempotency_key)

    def all_rows(self) -> List[OutboxRow]:
        with closing(self._connect()) as conn:
            return [
                self._to_row(r) for r in conn.execute("SELECT * FROM outbox ORDER BY id").fetchall()
            ]

    def purge_finished(self, before: float) -> int:
        """Delete delivered and failed rows created before `before` (epoch seconds); pending rows stay."""
        with closing(self._connect()) as conn:
            return conn.execute(
                "DELETE FROM outbox WHERE status IN (?, ?) AND created_at < ?",
                (DELIVERED, FAILED, before),
            ).rowcount

    def reseal_bodies(self) -> int:
        """Re-encrypt stored bodies under the newest data key (`keys rotate`); returns how many changed."""
        cipher, changed = data_cipher(), 0
        with closing(self._connect()) as conn:
            for row_id, body in conn.execute(
                "SELECT id, body FROM outbox WHERE body IS NOT NULL"
            ).fetchall():
                if body.startswith("{"):
                    new = seal(json.loads(body))
                elif not cipher.is_current(body):
                    new = cipher.rotate(body)
                else:
                    continue
                changed += conn.execute(
                    "UPDATE outbox SET body = ? WHERE id = ? AND body = ?", (new, row_id, body)
                ).rowcount
        return changed

    def _row(self, conn: sqlite3.Connection, where: str, value) -> Optional[OutboxRow]:
        found = conn.execute(f"SELECT * FROM outbox WHERE {where}", (value,)).fetchone()
        return self._to_row(found) if found else None

    @staticmethod
    def _to_row(r: sqlite3.Row) -> OutboxRow:
        return OutboxRow(
            id=r["id"],
            idempotency_key=r["idempotency_key"],
            kind=r["kind"],
            reference=r["reference"],
            conversation_id=r["conversation_id"],
            body=unseal(r["body"]) if r["body"] else None,
            status=r["status"],
            attempts=r["attempts"],
            next_attempt_at=r["next_attempt_at"],
            last_error=r["last_error"],
        )


_outboxes: dict = {}


def default_outbox() -> Outbox:
    """The outbox at OUTBOX_PATH (re-read each call, so tests and restarts pick up changes)."""
    path = outbox_path()
    if path not in _outboxes:
        _outboxes[path] = Outbox(path)
    return _outboxes[path]
