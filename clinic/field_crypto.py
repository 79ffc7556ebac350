"""Encryption of PHI at rest with `cryptography`'s Fernet (AES-128-CBC + HMAC-SHA256).

Here and not in one process's package: Rasa's tracker store (components/), the action
server's outbox (actions/) and the app (bot/) all encrypt and decrypt, and each needs
only this module, `cryptography` and clinic/settings.py (where the keys come from).

`data_cipher()` returns the cipher for the current keys. It re-reads the key file when
the file changes (a stat per call), so every process encrypts with a new key moments
after `python -m bot keys rotate` adds it, without a restart.

Blind index: text staff search is never stored, only HMAC-SHA256 tokens of its words
under an index key derived (HKDF) from the newest data key. A search computes the
tokens under every listed key, so it keeps finding rows while a rotation re-indexes.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import stat
import threading
from pathlib import Path
from typing import List, Optional, Sequence, Tuple

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from clinic.settings import data_key_file, env_data_keys, read_data_key_file, write_data_key_file

__all__ = ["DataCipher", "DataKeyError", "InvalidToken", "data_cipher", "new_key"]

INDEX_KEY_INFO = b"nortex-assistant blind index v1"
TOKEN_HEX_CHARS = 32  # 128 bits of HMAC: collisions are not a practical concern


class DataKeyError(RuntimeError):
    """The data keys are missing, malformed or readable by others. Never carries key material."""


def new_key() -> str:
    return Fernet.generate_key().decode("ascii")


def _index_key(key: str) -> bytes:
    raw = base64.urlsafe_b64decode(key.encode("ascii"))
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=INDEX_KEY_INFO).derive(raw)


class DataCipher:
    """Fernet tokens (text in, ASCII text out) and blind-index tokens for one key set."""

    def __init__(self, keys: Sequence[str], source: str = "keys") -> None:
        if not keys:
            raise DataKeyError(f"{source}: no data encryption key")
        fernets = []
        for number, key in enumerate(keys, start=1):
            try:
                fernets.append(Fernet(key.encode("ascii")))
            except (ValueError, binascii.Error, UnicodeEncodeError):
                raise DataKeyError(
                    f"{source}: key {number} is not a Fernet key "
                    "(32 url-safe base64-encoded bytes; `python -m bot keys generate`)"
                ) from None
        self.keys: Tuple[str, ...] = tuple(keys)
        self._newest = fernets[0]
        self._all = MultiFernet(fernets)
        self._index_keys = [_index_key(k) for k in keys]

    def encrypt(self, text: str) -> str:
        return self._all.encrypt(text.encode("utf-8")).decode("ascii")

    def decrypt(self, token: str) -> str:
        """Raises InvalidToken for anything not encrypted under one of the keys."""
        return self._all.decrypt(token.encode("ascii")).decode("utf-8")

    def is_current(self, token: str) -> bool:
        """Encrypted under the newest key (nothing to rotate)."""
        try:
            self._newest.decrypt(token.encode("ascii"))
        except InvalidToken:
            return False
        return True

    def rotate(self, token: str) -> str:
        """The same plaintext under the newest key."""
        return self._all.rotate(token.encode("ascii")).decode("ascii")

    def blind(self, term: str) -> str:
        """The index token of a normalised term under the newest key (what gets stored)."""
        return self._token(self._index_keys[0], term)

    def blind_any(self, term: str) -> List[str]:
        """Its tokens under every key (what a search looks for)."""
        return list(dict.fromkeys(self._token(k, term) for k in self._index_keys))

    @staticmethod
    def _token(key: bytes, term: str) -> str:
        return hmac.new(key, term.encode("utf-8"), hashlib.sha256).hexdigest()[:TOKEN_HEX_CHARS]


_lock = threading.Lock()
_current: Tuple[Optional[tuple], Optional[DataCipher]] = (None, None)


def _key_file_signature(path: Path) -> tuple:
    try:
        info = os.stat(path)
    except FileNotFoundError:
        # First start: whichever process gets here first creates it; the others read it.
        write_data_key_file(path, (new_key(),), replace=False)
        info = os.stat(path)
    if stat.S_IMODE(info.st_mode) & 0o077:
        raise DataKeyError(
            f"{path}: the data key file must be readable by its owner only (chmod 600)"
        )
    return ("file", str(path), info.st_ino, info.st_mtime_ns, info.st_size)


def data_cipher() -> DataCipher:
    """The cipher for DATA_ENCRYPTION_KEYS, else for the key file (created on first use)."""
    global _current
    from_env = env_data_keys()
    if from_env:
        signature: tuple = ("env", from_env)
    else:
        path = data_key_file()
        signature = _key_file_signature(path)
    cached_signature, cached = _current
    if cached is not None and cached_signature == signature:
        return cached
    with _lock:
        if _current[0] == signature and _current[1] is not None:
            return _current[1]
        if from_env:
            cipher = DataCipher(from_env, "DATA_ENCRYPTION_KEYS")
        else:
            cipher = DataCipher(read_data_key_file(path), str(path))
        _current = (signature, cipher)
        return cipher
