"""The `data` column of Rasa's `events` table as this project stores it: the event's JSON
(`Event.as_dict()`), encrypted (clinic/field_crypto.py).

The one codec for that column: the tracker store (components/tracker_store.py) writes
and reads with it, the staff console and demo data use it. type_name, intent_name,
action_name, sender_id and timestamp stay plain, so they remain queryable.
"""

from __future__ import annotations

import json
from typing import Any, Dict

from clinic.field_crypto import data_cipher


def encode(data: Dict[str, Any]) -> str:
    return data_cipher().encrypt(json.dumps(data))


def decode(stored: str) -> Dict[str, Any]:
    """Raises cryptography.fernet.InvalidToken for data not encrypted under a listed key."""
    return json.loads(data_cipher().decrypt(stored))
