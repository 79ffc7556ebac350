"""Staff accounts: creation, log-in with lock-out and a per-address rate limit."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Optional

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from bot.staff.passwords import burn_verification_time, hash_password, needs_rehash, verify_password
from bot.storage.staff_tables import staff_login_failures, staff_users
from clinic.clock import as_utc

ROLES = ("admin", "staff")
USERNAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")

# An account locks after this many wrong passwords in a row, for LOCKOUT.
LOCKOUT_AFTER = 5
LOCKOUT = timedelta(minutes=15)
# One client address may fail this often per window across all accounts (guessing usernames).
ADDRESS_FAILURE_LIMIT = 20
ADDRESS_WINDOW = timedelta(minutes=15)


class AccountError(ValueError):
    pass


@dataclass(frozen=True)
class Account:
    id: int
    username: str
    role: str
    session_epoch: int

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


@dataclass(frozen=True)
class LoginResult:
    outcome: str  # ok | wrong | locked | rate_limited
    account: Optional[Account] = None


def normalize_username(username: str) -> str:
    return username.strip().lower()


def create_account(
    engine: Engine, username: str, password: str, role: str, now: datetime
) -> Account:
    username = normalize_username(username)
    if not USERNAME_PATTERN.match(username):
        raise AccountError("usernames are 2-64 characters: letters, digits, '.', '_' or '-'")
    if role not in ROLES:
        raise AccountError(f"role must be one of: {', '.join(ROLES)}")
    password_hash = hash_password(password)
    try:
        with engine.begin() as conn:
            new_id = conn.execute(
                insert(staff_users).values(
                    username=username,
                    password_hash=password_hash,
                    role=role,
                    created_at=now,
                    failed_logins=0,
                    session_epoch=0,
                )
            ).inserted_primary_key[0]
    except IntegrityError as exc:
        raise AccountError(f"an account named {username!r} already exists") from exc
    return Account(new_id, username, role, 0)


def get_account(engine: Engine, account_id: int) -> Optional[Account]:
    with engine.connect() as conn:
        row = conn.execute(
            select(
                staff_users.c.id,
                staff_users.c.username,
                staff_users.c.role,
                staff_users.c.session_epoch,
            ).where(staff_users.c.id == account_id)
        ).first()
    return Account(*row) if row else None


def end_all_sessions(engine: Engine, account_id: int) -> None:
    with engine.begin() as conn:
        conn.execute(
            update(staff_users)
            .where(staff_users.c.id == account_id)
            .values(session_epoch=staff_users.c.session_epoch + 1)
        )


def log_in(engine: Engine, username: str, password: str, ip: str, now: datetime) -> LoginResult:
    """Check a password. Failures count against the account and the client address."""
    username = normalize_username(username)
    with engine.begin() as conn:
        conn.execute(
            delete(staff_login_failures).where(staff_login_failures.c.at < now - ADDRESS_WINDOW)
        )
        recent = conn.execute(
            select(func.count())
            .select_from(staff_login_failures)
            .where(
                staff_login_failures.c.ip == ip, staff_login_failures.c.at >= now - ADDRESS_WINDOW
            )
        ).scalar_one()
        if recent >= ADDRESS_FAILURE_LIMIT:
            return LoginResult("rate_limited")
        row = conn.execute(select(staff_users).where(staff_users.c.username == username)).first()

    if row is None:
        burn_verification_time(password)
        _count_address_failure(engine, ip, now)
        return LoginResult("wrong")
    locked_until = as_utc(row.locked_until)
    if locked_until and locked_until > now:
        _count_address_failure(engine, ip, now)
        return LoginResult("locked")
    # argon2 takes tens of milliseconds: no transaction (and no SQLite write lock) held meanwhile.
    if not verify_password(row.password_hash, password):
        _count_address_failure(engine, ip, now)
        return LoginResult("locked" if _count_account_failure(engine, row.id, now) else "wrong")

    values = dict(failed_logins=0, locked_until=None, last_login_at=now)
    if needs_rehash(row.password_hash):
        values["password_hash"] = hash_password(password)
    with engine.begin() as conn:
        conn.execute(update(staff_users).where(staff_users.c.id == row.id).values(**values))
    return LoginResult("ok", Account(row.id, row.username, row.role, row.session_epoch))


def _count_address_failure(engine: Engine, ip: str, now: datetime) -> None:
    with engine.begin() as conn:
        conn.execute(insert(staff_login_failures).values(ip=ip, at=now))


def _count_account_failure(engine: Engine, account_id: int, now: datetime) -> bool:
    """Add one failure; lock the account when it reaches the limit. True if now locked."""
    with engine.begin() as conn:
        # Increment in SQL, so two concurrent failures both count.
        conn.execute(
            update(staff_users)
            .where(staff_users.c.id == account_id)
            .values(failed_logins=staff_users.c.failed_logins + 1)
        )
        failures = conn.execute(
            select(staff_users.c.failed_logins).where(staff_users.c.id == account_id)
        ).scalar_one()
        if failures < LOCKOUT_AFTER:
            return False
        conn.execute(
            update(staff_users)
            .where(staff_users.c.id == account_id)
            .values(failed_logins=0, locked_until=now + LOCKOUT)
        )
        return True
