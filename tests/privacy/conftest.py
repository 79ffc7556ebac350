"""Privacy tests: their own data keys and var dir, a real SQLite database built by the real
migrations, Rasa's events written by the real tracker store, and the real app."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path
from typing import List

import pytest
from rasa.shared.core.domain import Domain

from bot.migrations import migrate
from clinic.field_crypto import new_key
from clinic.settings import (
    DATA_KEY_FILE_ENV,
    DATA_KEYS_ENV,
    PROJECT_DIR,
    SECRET_NAMES,
    Settings,
    load_settings,
)
from components.tracker_store import ClinicTrackerStore

# Each test's own canary: unique text that must never appear in plain text at rest or in logs.
CANARY_NAME = "Quillon Varghese-Ostrowicz"
CANARY_PHONE = "+12145550187"
CANARY_EMAIL = "quillon.canary@example.org"
CANARY_MEMBER_ID = "ZQX5519037"
CANARY_WORDS = "my zarthwick anxiety keeps me awake"


@pytest.fixture
def var_dir(tmp_path, monkeypatch) -> Path:
    """A fresh VAR_DIR; URLs, secrets and keys from the environment are not used."""
    for name in (
        "RASA_URL",
        "ACTION_SERVER_URL",
        "BOT_URL",
        "DATABASE_URL",
        "OUTBOX_PATH",
        DATA_KEYS_ENV,
        DATA_KEY_FILE_ENV,
        *SECRET_NAMES.values(),
    ):
        monkeypatch.delenv(name, raising=False)
    path = tmp_path / "var"
    path.mkdir()
    monkeypatch.setenv("VAR_DIR", str(path))
    return path


@pytest.fixture
def data_key(var_dir, monkeypatch) -> str:
    """One data key, given the way production may give it: DATA_ENCRYPTION_KEYS."""
    key = new_key()
    monkeypatch.setenv(DATA_KEYS_ENV, key)
    return key


@pytest.fixture
def database_url(var_dir, data_key) -> str:
    url = f"sqlite:///{var_dir / 'clinic.db'}"
    migrate(url)
    return url


@pytest.fixture
def store(database_url) -> ClinicTrackerStore:
    return ClinicTrackerStore(
        domain=Domain.load(str(PROJECT_DIR / "domain.yml")), database_url=database_url
    )


@pytest.fixture
def settings(var_dir, database_url) -> Settings:
    return replace(load_settings(), var_dir=var_dir, host="127.0.0.1", database_url=database_url)


def database_files(var_dir: Path) -> List[Path]:
    """Every SQLite file under var_dir, with its -wal and -shm companions."""
    return sorted(
        p for p in var_dir.rglob("*") if p.is_file() and (".db" in p.name or ".sqlite" in p.name)
    )


def raw_bytes(var_dir: Path) -> bytes:
    """Everything the database files hold, after a checkpoint flushed the WAL into them."""
    for path in database_files(var_dir):
        if path.suffix in (".db", ".sqlite"):
            with sqlite3.connect(path) as conn:
                conn.execute("PRAGMA wal_checkpoint(FULL)")
    return b"".join(p.read_bytes() for p in database_files(var_dir))


def encodings(text: str) -> List[bytes]:
    """How `text` could sit in a file: UTF-8, JSON-escaped, UTF-16, lower-cased."""
    import json

    forms = {text, text.lower(), json.dumps(text)[1:-1], json.dumps(text, ensure_ascii=False)[1:-1]}
    found = [f.encode("utf-8") for f in forms]
    found += [f.encode("utf-16-le") for f in forms]
    return found


def assert_absent(blob: bytes, *texts: str) -> None:
    for text in texts:
        for form in encodings(text):
            assert form not in blob, f"{text!r} found in plain text"
