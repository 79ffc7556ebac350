"""Staff passwords: argon2id hashes with OWASP's parameters (Password Storage Cheat Sheet:
"Argon2id with a minimum configuration of 19 MiB of memory, an iteration count of 2, and
1 degree of parallelism").

argon2-cffi's default (RFC 9106 low-memory, 64 MiB, t=3) made each check cost 64 MiB: 16
concurrent log-ins peaked at about 1 GiB in an app limited to 512 MiB. With 19 MiB and at
most CHECKS_AT_ONCE checks (bot/staff/password_checks.py) the bound is small and fixed.
Hashes made with the old parameters still verify (the parameters are in the hash) and are
re-hashed with these at the next successful log-in.
"""

from __future__ import annotations

import secrets
from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

MIN_LENGTH = 12
MAX_LENGTH = 256  # hashing cost grows with length; refuse absurd inputs

MEMORY_KIB = 19 * 1024
TIME_COST = 2
PARALLELISM = 1
_hasher = PasswordHasher(  # argon2id by default
    time_cost=TIME_COST, memory_cost=MEMORY_KIB, parallelism=PARALLELISM
)


class WeakPassword(ValueError):
    pass


def check_strength(password: str) -> None:
    if len(password) < MIN_LENGTH:
        raise WeakPassword(f"the password must have at least {MIN_LENGTH} characters")
    if len(password) > MAX_LENGTH:
        raise WeakPassword(f"the password must have at most {MAX_LENGTH} characters")


def hash_password(password: str) -> str:
    check_strength(password)
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    if len(password) > MAX_LENGTH:
        return False
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)


@lru_cache(maxsize=1)
def _decoy_hash() -> str:
    return _hasher.hash(secrets.token_urlsafe(16))


def burn_verification_time(password: str) -> None:
    """Verify against a throw-away hash, so an unknown username answers as slowly as a known one."""
    verify_password(_decoy_hash(), password)
