"""Column types that keep PHI encrypted at rest (clinic/field_crypto.py) and plain in Python.

Values are encrypted when bound into a statement and decrypted when read through the
table, so storage code and the console handle plain strings. The column itself is
TEXT: a Fernet token is longer than its plaintext. `length` is the plaintext's limit,
for validation (bot/api/appointment_validation.py reads it), not the column's.

Encrypted columns cannot be filtered or sorted in SQL (a token differs on every write);
keep anything staff filter by in a plain column, or search it through a blind index.
"""

from __future__ import annotations

import json
from typing import Any, Optional

from sqlalchemy.types import Text, TypeDecorator

from clinic.field_crypto import data_cipher


class EncryptedText(TypeDecorator):
    impl = Text
    cache_ok = True

    def __init__(self, length: Optional[int] = None) -> None:
        super().__init__()
        self.length = length

    def process_bind_param(self, value: Optional[str], dialect) -> Optional[str]:
        return None if value is None else data_cipher().encrypt(value)

    def process_result_value(self, value: Optional[str], dialect) -> Optional[str]:
        return None if value is None else data_cipher().decrypt(value)


class EncryptedJSON(TypeDecorator):
    """A JSON document (e.g. self-assessment answers), encrypted as a whole."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: Any, dialect) -> Optional[str]:
        return (
            None if value is None else data_cipher().encrypt(json.dumps(value, ensure_ascii=False))
        )

    def process_result_value(self, value: Optional[str], dialect) -> Any:
        return None if value is None else json.loads(data_cipher().decrypt(value))
