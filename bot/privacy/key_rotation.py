"""`python -m bot keys rotate`: every encrypted value re-encrypted under a new data key, after
which the old keys are no longer needed.

With the key file (var/keys/data.key): a new key is put first, the running processes
pick it up on their next use (clinic/field_crypto.py re-reads a changed file), everything is
re-encrypted, then the old keys are removed from the file. With DATA_ENCRYPTION_KEYS the
operator puts the new key first in every process's environment and restarts them;
this re-encrypts under that key and says when the older ones can go.

What is re-encrypted: every column typed EncryptedText/EncryptedJSON in the app's schema
(found there, so a new encrypted column is never forgotten), `events.data` of Rasa's
tracker store and the bodies in the action server's outbox. The blind index (search
tokens, unanswered-message keys) is keyed by the newest key too, so it is rebuilt.
Rows are processed in small batches, each its own short transaction.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Callable, Dict, List, Optional, Set, Tuple

import sqlalchemy as sa
from sqlalchemy import delete, select, update
from sqlalchemy.engine import Engine

from bot.staff import audit
from bot.staff import tracker_events as te
from bot.staff.conversation_index import add_search_tokens, lock_index
from bot.staff.search_terms import stored_tokens
from bot.storage.encrypted_types import EncryptedJSON, EncryptedText
from bot.storage.schema import metadata
from bot.storage.staff_tables import (
    staff_conversations,
    staff_index_state,
    staff_search_tokens,
    staff_unanswered,
)
from clinic.field_crypto import InvalidToken, data_cipher, new_key
from clinic.settings import data_key_file, env_data_keys, read_data_key_file, write_data_key_file

logger = logging.getLogger(__name__)

BATCH = 1000
REINDEX_CHUNK = 200  # conversations per transaction while the search index is rebuilt
GRACE_S = 2.0  # for writes that began with the old key to finish before the sweep
MAX_SWEEPS = 5


@dataclass(frozen=True)
class RotationResult:
    values: int  # encrypted values re-encrypted (database and outbox)
    conversations_reindexed: int
    retired_keys: int  # removed from the key file; 0 with DATA_ENCRYPTION_KEYS
    key_file: Optional[Path]


def encrypted_columns() -> Dict[str, Tuple[str, List[str]]]:
    """table -> (primary key column, encrypted columns), from the schema; plus Rasa's events."""
    found: Dict[str, Tuple[str, List[str]]] = {}
    for table in metadata.sorted_tables:
        columns = [
            c.name for c in table.columns if isinstance(c.type, (EncryptedText, EncryptedJSON))
        ]
        if columns:
            (key,) = [c.name for c in table.primary_key.columns]
            found[table.name] = (key, columns)
    found[te.events.name] = ("id", ["data"])
    return found


def _reencrypt_table(engine: Engine, name: str, key: str, columns: List[str]) -> int:
    """Re-encrypt the values of one table not under the newest key; returns how many."""
    cipher = data_cipher()
    raw = sa.table(
        name, sa.column(key), *(sa.column(c) for c in columns)
    )  # untyped: the stored tokens
    with engine.connect() as conn:
        if not sa.inspect(conn).has_table(name):
            return 0
    changed, last = 0, None
    while True:
        query = select(raw).order_by(raw.c[key]).limit(BATCH)
        if last is not None:
            query = query.where(raw.c[key] > last)
        with engine.connect() as conn:
            rows = conn.execute(query).all()
        if not rows:
            return changed
        last = rows[-1][0]
        with engine.begin() as conn:
            for row in rows:
                for column, value in zip(columns, row[1:]):
                    if value is None or cipher.is_current(value):
                        continue
                    try:
                        rotated = cipher.rotate(value)
                    except (
                        InvalidToken
                    ):  # under no listed key: nothing a key change can fix or lose
                        logger.warning(
                            "%s.%s: a value no listed key decrypts was left as it is", name, column
                        )
                        continue
                    # Only if unchanged since read: a concurrent write already used the newest key.
                    changed += conn.execute(
                        update(raw)
                        .where(raw.c[key] == row[0], raw.c[column] == value)
                        .values({column: rotated})
                    ).rowcount


def reencrypt_database(engine: Engine) -> int:
    return sum(
        _reencrypt_table(engine, name, key, columns)
        for name, (key, columns) in encrypted_columns().items()
    )


def reindex_search(engine: Engine) -> int:
    """Rebuild every conversation's search tokens under the newest key; returns conversations done.

    Each chunk is rebuilt under the index lock from the events the index has passed (its
    watermark); later events get their tokens from the index updater, already new-keyed.
    """
    cipher = data_cipher()
    with engine.connect() as conn:
        senders = list(
            conn.execute(
                select(staff_conversations.c.sender_id).order_by(staff_conversations.c.sender_id)
            ).scalars()
        )
    for start in range(0, len(senders), REINDEX_CHUNK):
        chunk = senders[start : start + REINDEX_CHUNK]
        with engine.begin() as conn:
            lock_index(conn)
            watermark = conn.execute(select(staff_index_state.c.last_event_id)).scalar() or 0
            tokens: Dict[str, Set[str]] = {s: set() for s in chunk}
            for sender_id, data in conn.execute(
                select(te.events.c.sender_id, te.events.c.data).where(
                    te.events.c.sender_id.in_(chunk),
                    te.events.c.type_name == "user",
                    te.events.c.id <= watermark,
                )
            ):
                text = te.decode(data).get("text") or ""
                if te.is_typed_text(text):
                    tokens[sender_id] |= stored_tokens(text, cipher)
            conn.execute(
                delete(staff_search_tokens).where(staff_search_tokens.c.sender_id.in_(chunk))
            )
            add_search_tokens(conn, {s: found for s, found in tokens.items() if found})
    return len(senders)


def rekey_unanswered(engine: Engine) -> int:
    """The unanswered messages' counting keys under the newest key."""
    cipher, changed, last = data_cipher(), 0, -1
    while True:
        with engine.connect() as conn:
            rows = conn.execute(
                select(
                    staff_unanswered.c.event_id,
                    staff_unanswered.c.text,
                    staff_unanswered.c.text_key,
                )
                .where(staff_unanswered.c.event_id > last)
                .order_by(staff_unanswered.c.event_id)
                .limit(BATCH)
            ).all()
        if not rows:
            return changed
        last = rows[-1].event_id
        with engine.begin() as conn:
            for row in rows:
                key = cipher.blind(row.text)
                if key != row.text_key:
                    changed += conn.execute(
                        update(staff_unanswered)
                        .where(staff_unanswered.c.event_id == row.event_id)
                        .values(text_key=key)
                    ).rowcount


def rotate_keys(
    engine: Engine,
    actor: str,
    now: Callable[[], datetime],
    outbox=None,
    report: Callable[[str], None] = print,
    grace_s: float = GRACE_S,
) -> RotationResult:
    from_env = env_data_keys()
    path: Optional[Path] = None
    if from_env is None:
        data_cipher()  # creates the key file on a first run
        path = data_key_file()
        old = read_data_key_file(path)
        write_data_key_file(path, (new_key(), *old))
        report(
            f"    new key added to {path}; waiting {grace_s:.0f} s for running processes to take it up"
        )
        time.sleep(grace_s)
    elif len(from_env) == 1:
        report("    DATA_ENCRYPTION_KEYS holds one key: everything is (re-)encrypted under it")

    values = reencrypt_database(engine)
    if outbox is not None:
        values += outbox.reseal_bodies()
    report(f"    {values} values re-encrypted")
    conversations = reindex_search(engine)
    rekey_unanswered(engine)
    report(f"    search index rebuilt for {conversations} conversations")
    for _ in range(MAX_SWEEPS):  # stragglers: values written with an old key while this ran
        late = reencrypt_database(engine) + (outbox.reseal_bodies() if outbox is not None else 0)
        values += late
        if not late:
            break
    else:
        raise RuntimeError(
            "values under old keys keep appearing; is a process running with an old "
            "DATA_ENCRYPTION_KEYS? The old keys were kept."
        )

    retired = 0
    if path is not None:
        keys = read_data_key_file(path)
        write_data_key_file(path, keys[:1])
        retired = len(keys) - 1
    audit.record(
        engine,
        actor,
        "keys_rotated",
        f"{values} values re-encrypted, {retired} old keys removed",
        None,
        now(),
    )
    return RotationResult(values, conversations, retired, path)
