"""The data keys (one place, shared by the three processes) and the cipher."""

from __future__ import annotations

import os
import stat

import pytest
from cryptography.fernet import Fernet

from clinic import field_crypto
from clinic.field_crypto import DataCipher, DataKeyError, InvalidToken, data_cipher, new_key
from clinic.settings import (
    DATA_KEY_FILE_ENV,
    DATA_KEYS_ENV,
    read_data_key_file,
    write_data_key_file,
)


def test_round_trip_and_every_token_differs(data_key):
    cipher = data_cipher()
    first, second = cipher.encrypt("Jane Doe"), cipher.encrypt("Jane Doe")
    assert first != second and "Jane" not in first
    assert cipher.decrypt(first) == cipher.decrypt(second) == "Jane Doe"
    assert (
        Fernet(data_key.encode()).decrypt(first.encode()) == b"Jane Doe"
    )  # plain Fernet: any tool can read it
    assert cipher.decrypt(cipher.encrypt("ünïcødé ✓ 🙂")) == "ünïcødé ✓ 🙂"


def test_key_file_is_generated_once_owner_only_and_shared(var_dir):
    cipher = data_cipher()
    path = var_dir / "keys" / "data.key"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    token = cipher.encrypt("shared")
    field_crypto._current = (None, None)  # as another process would start: from the file alone
    assert data_cipher().decrypt(token) == "shared"
    assert read_data_key_file(path) == cipher.keys and len(cipher.keys) == 1


def test_key_file_elsewhere(var_dir, tmp_path, monkeypatch):
    elsewhere = tmp_path / "secure-volume" / "nortex.key"
    monkeypatch.setenv(DATA_KEY_FILE_ENV, str(elsewhere))
    token = data_cipher().encrypt("x")
    assert elsewhere.exists() and not (var_dir / "keys").exists()
    assert DataCipher(read_data_key_file(elsewhere)).decrypt(token) == "x"


def test_a_key_file_others_can_read_is_refused(var_dir):
    data_cipher()
    path = var_dir / "keys" / "data.key"
    os.chmod(path, 0o644)
    with pytest.raises(DataKeyError, match="owner only"):
        data_cipher()


def test_environment_keys_win_and_older_keys_still_decrypt(var_dir, monkeypatch):
    old, new = new_key(), new_key()
    monkeypatch.setenv(DATA_KEYS_ENV, old)
    token = data_cipher().encrypt("written under the old key")
    monkeypatch.setenv(DATA_KEYS_ENV, f"{new}, {old}")
    cipher = data_cipher()
    assert cipher.decrypt(token) == "written under the old key"
    assert not cipher.is_current(token)
    rotated = cipher.rotate(token)
    assert (
        cipher.is_current(rotated)
        and DataCipher([new]).decrypt(rotated) == "written under the old key"
    )
    assert (
        Fernet(new.encode()).decrypt(cipher.encrypt("fresh").encode()) == b"fresh"
    )  # the first key encrypts
    assert not (var_dir / "keys").exists()  # no key file when the environment has keys


def test_a_changed_key_file_is_picked_up_without_restart(var_dir):
    cipher = data_cipher()
    path = var_dir / "keys" / "data.key"
    newer = new_key()
    write_data_key_file(path, (newer, *cipher.keys))
    assert data_cipher().keys == (newer, *cipher.keys)
    assert Fernet(newer.encode()).decrypt(data_cipher().encrypt("now").encode()) == b"now"


def test_bad_keys_are_named_without_revealing_them(var_dir, monkeypatch):
    good = new_key()
    monkeypatch.setenv(DATA_KEYS_ENV, f"{good},not-a-fernet-key-0123456789")
    with pytest.raises(DataKeyError) as raised:
        data_cipher()
    assert (
        "key 2" in str(raised.value)
        and "not-a-fernet" not in str(raised.value)
        and good not in str(raised.value)
    )


def test_unknown_tokens_are_rejected(data_key):
    with pytest.raises(InvalidToken):
        data_cipher().decrypt(DataCipher([new_key()]).encrypt("someone else's"))


def test_blind_index_tokens_are_keyed(data_key):
    cipher, other = data_cipher(), DataCipher([new_key()])
    assert cipher.blind("anxiety") == cipher.blind("anxiety") != cipher.blind("anxious")
    assert cipher.blind("anxiety") != other.blind("anxiety")
    assert "anxiety" not in cipher.blind("anxiety") and len(cipher.blind("anxiety")) == 32
    both = DataCipher([new_key(), data_key])
    assert (
        cipher.blind("anxiety") in both.blind_any("anxiety") and len(both.blind_any("anxiety")) == 2
    )
