"""Staff accounts: creation, log-in with a per-account-and-address slow-down, management.

No lock anyone can trigger: wrong passwords slow down only the pair of the username typed
and the address typing it (FREE_FAILURES, then a doubling wait), so an attacker cannot
lock a colleague out from elsewhere. One address is also limited across all usernames
(guessing names). Every refusal looks the same to the person logging in; the audit log
records which it was.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import List, Optional

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError

from bot.staff import totp
from bot.staff.passwords import burn_verification_time, hash_password, needs_rehash, verify_password
from bot.storage.staff_tables import staff_login_failures, staff_users
from clinic.clock import as_utc

ROLES = ("admin", "staff")
USERNAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")

# One username from one address: this many failures free within FAILURE_WINDOW, then a
# wait of SLOWDOWN_FIRST doubling with each further failure, at most SLOWDOWN_MAX. Tries
# during the wait are refused without checking the password (no argon2 work).
FREE_FAILURES = 5
SLOWDOWN_FIRST = timedelta(seconds=30)
SLOWDOWN_MAX = timedelta(minutes=15)
FAILURE_WINDOW = timedelta(minutes=15)
# One client address may fail this often per window across all usernames.
ADDRESS_FAILURE_LIMIT = 20
ADDRESS_WINDOW = FAILURE_WINDOW


class AccountError(ValueError):
    pass


@dataclass(frozen=True)
class Account:
    id: int
    username: str
    role: str
    session_epoch: int
    disabled: bool = False
    has_totp: bool = False

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


@dataclass(frozen=True)
class AccountRow(Account):
    created_at: Optional[datetime] = None
    last_login_at: Optional[datetime] = None
    recent_failures: int = 0


@dataclass(frozen=True)
class LoginResult:
    # ok, or why it was refused (for the audit log only; the page says the same for all):
    # wrong | slowed | rate_limited | disabled | second_factor | second_factor_missing
    outcome: str
    account: Optional[Account] = None
    retry_after_s: int = 0


def normalize_username(username: str) -> str:
    return username.strip().lower()


def _account(row) -> Account:
    return Account(
        row.id, row.username, row.role, row.session_epoch, row.disabled, bool(row.totp_secret)
    )


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
                    disabled=False,
                )
            ).inserted_primary_key[0]
    except IntegrityError as exc:
        raise AccountError(f"an account named {username!r} already exists") from exc
    return Account(new_id, username, role, 0)


def get_account(engine: Engine, account_id: int) -> Optional[Account]:
    """The account if it exists and is enabled (a disabled account has no sessions)."""
    with engine.connect() as conn:
        row = conn.execute(select(staff_users).where(staff_users.c.id == account_id)).first()
    if row is None or row.disabled:
        return None
    return _account(row)


def end_all_sessions(engine: Engine, account_id: int) -> None:
    with engine.begin() as conn:
        _bump_epoch(conn, account_id)


def _bump_epoch(conn: Connection, account_id: int) -> None:
    conn.execute(
        update(staff_users)
        .where(staff_users.c.id == account_id)
        .values(session_epoch=staff_users.c.session_epoch + 1)
    )


# --- log-in --------------------------------------------------------------------------


def slowdown(failures: int) -> timedelta:
    """The wait after `failures` failures of one username from one address."""
    if failures < FREE_FAILURES:
        return timedelta(0)
    return min(SLOWDOWN_MAX, SLOWDOWN_FIRST * 2 ** (failures - FREE_FAILURES))


def _refusal_before_checking(
    conn: Connection, username: str, ip: str, now: datetime
) -> Optional[LoginResult]:
    """Refuse without touching the password while the address or the pair must wait."""
    f = staff_login_failures.c
    address = conn.execute(
        select(func.count(), func.min(f.at)).where(f.ip == ip, f.at >= now - ADDRESS_WINDOW)
    ).one()
    if address[0] >= ADDRESS_FAILURE_LIMIT:
        wait = as_utc(address[1]) + ADDRESS_WINDOW - now
        return LoginResult("rate_limited", retry_after_s=max(1, int(wait.total_seconds())))
    pair = conn.execute(
        select(func.count(), func.max(f.at)).where(
            f.username == username, f.ip == ip, f.at >= now - FAILURE_WINDOW
        )
    ).one()
    wait_until = as_utc(pair[1]) + slowdown(pair[0]) if pair[0] else now
    if wait_until > now:
        return LoginResult("slowed", retry_after_s=max(1, int((wait_until - now).total_seconds())))
    return None


def log_in(
    engine: Engine,
    username: str,
    password: str,
    ip: str,
    now: datetime,
    code: str = "",
    totp_required_for_admins: bool = False,
) -> LoginResult:
    """Check a password (and the TOTP code where the account has or needs one)."""
    username = normalize_username(username)[:64]
    with engine.begin() as conn:
        conn.execute(
            delete(staff_login_failures).where(staff_login_failures.c.at < now - FAILURE_WINDOW)
        )
        refused = _refusal_before_checking(conn, username, ip, now)
        if refused:
            return refused
        row = conn.execute(select(staff_users).where(staff_users.c.username == username)).first()

    if row is None:
        burn_verification_time(password)
        return _failed(engine, "wrong", username, ip, now)
    # argon2 takes tens of milliseconds: no transaction (and no SQLite write lock) held meanwhile.
    if not verify_password(row.password_hash, password):
        return _failed(engine, "wrong", username, ip, now)
    if row.disabled:
        return _failed(engine, "disabled", username, ip, now)
    values = dict(failed_logins=0, locked_until=None, last_login_at=now)
    if row.totp_secret:
        step = totp.accepted_step(row.totp_secret, code, row.totp_last_step, now)
        if step is None:
            return _failed(engine, "second_factor", username, ip, now)
        values["totp_last_step"] = step
    elif row.role == "admin" and totp_required_for_admins:
        return _failed(engine, "second_factor_missing", username, ip, now)

    if needs_rehash(row.password_hash):
        values["password_hash"] = hash_password(password)
    with engine.begin() as conn:
        # A code is used once: the update only wins if no other log-in took this step.
        statement = update(staff_users).where(staff_users.c.id == row.id)
        if row.totp_secret:
            last = staff_users.c.totp_last_step
            statement = statement.where(last.is_(None) | (last < values["totp_last_step"]))
        if conn.execute(statement.values(**values)).rowcount != 1:
            return _failed(engine, "second_factor", username, ip, now)
        conn.execute(
            delete(staff_login_failures).where(
                staff_login_failures.c.username == username, staff_login_failures.c.ip == ip
            )
        )
    return LoginResult("ok", _account(row))


def _failed(engine: Engine, outcome: str, username: str, ip: str, now: datetime) -> LoginResult:
    with engine.begin() as conn:
        conn.execute(insert(staff_login_failures).values(ip=ip, at=now, username=username))
    return LoginResult(outcome)


# --- management (console page and `python -m bot staff ...`) ---------------------------


def list_accounts(engine: Engine, now: datetime) -> List[AccountRow]:
    f = staff_login_failures.c
    failures = (
        select(func.count())
        .where(f.username == staff_users.c.username, f.at >= now - FAILURE_WINDOW)
        .scalar_subquery()
    )
    with engine.connect() as conn:
        rows = conn.execute(
            select(staff_users, failures.label("recent_failures")).order_by(staff_users.c.username)
        ).all()
    return [
        AccountRow(
            r.id,
            r.username,
            r.role,
            r.session_epoch,
            r.disabled,
            bool(r.totp_secret),
            as_utc(r.created_at),
            as_utc(r.last_login_at),
            r.recent_failures,
        )
        for r in rows
    ]


def _row(conn: Connection, username: str, *, lock: bool = False):
    statement = select(staff_users).where(staff_users.c.username == normalize_username(username))
    row = conn.execute(statement.with_for_update() if lock else statement).first()
    if row is None:
        raise AccountError(f"no account named {normalize_username(username)!r}")
    return row


def _check_admins_remain(conn: Connection, leaving_id: int) -> None:
    """Refuse to disable or demote the last enabled administrator."""
    admins = conn.execute(
        select(staff_users.c.id)
        .where(staff_users.c.role == "admin", staff_users.c.disabled.is_(False))
        .with_for_update()  # PostgreSQL: two admins demoting each other at once
    ).all()
    if [a.id for a in admins] == [leaving_id]:
        raise AccountError("the last administrator cannot be disabled or made staff")


def set_disabled(engine: Engine, username: str, disabled: bool) -> Account:
    """Disable (ends every session at once) or enable an account."""
    with engine.begin() as conn:
        row = _row(conn, username, lock=True)
        if disabled and row.role == "admin" and not row.disabled:
            _check_admins_remain(conn, row.id)
        conn.execute(
            update(staff_users).where(staff_users.c.id == row.id).values(disabled=disabled)
        )
        _bump_epoch(conn, row.id)
        row = _row(conn, username)
    return _account(row)


def set_role(engine: Engine, username: str, role: str) -> Account:
    if role not in ROLES:
        raise AccountError(f"role must be one of: {', '.join(ROLES)}")
    with engine.begin() as conn:
        row = _row(conn, username, lock=True)
        if row.role == "admin" and role != "admin" and not row.disabled:
            _check_admins_remain(conn, row.id)
        conn.execute(update(staff_users).where(staff_users.c.id == row.id).values(role=role))
        _bump_epoch(conn, row.id)  # pages already open must not keep the old rights
        row = _row(conn, username)
    return _account(row)


def unlock(engine: Engine, username: str) -> int:
    """Forget the account's failed log-ins from every address; returns how many."""
    with engine.begin() as conn:
        row = _row(conn, username)
        forgotten = conn.execute(
            delete(staff_login_failures).where(staff_login_failures.c.username == row.username)
        ).rowcount
        conn.execute(
            update(staff_users)
            .where(staff_users.c.id == row.id)
            .values(failed_logins=0, locked_until=None)
        )
    return forgotten


def reset_password(engine: Engine, username: str, password: str) -> Account:
    """A new password; every session of the account ends."""
    password_hash = hash_password(password)
    with engine.begin() as conn:
        row = _row(conn, username)
        conn.execute(
            update(staff_users)
            .where(staff_users.c.id == row.id)
            .values(password_hash=password_hash)
        )
        _bump_epoch(conn, row.id)
    return _account(row)


def set_totp_secret(engine: Engine, username: str, secret: Optional[str]) -> Account:
    """Turn the second factor on (a new secret) or off (None); sessions end either way."""
    with engine.begin() as conn:
        row = _row(conn, username)
        conn.execute(
            update(staff_users)
            .where(staff_users.c.id == row.id)
            .values(totp_secret=secret, totp_last_step=None)
        )
        _bump_epoch(conn, row.id)
        row = _row(conn, username)
    return _account(row)
