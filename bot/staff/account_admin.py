"""Account management as administrators do it, on the console's "Staff accounts" page or
with `python -m bot staff ...`: one function per change, each written to the audit log
with who did it and to which account (the target is the username, never visitor data)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Optional

from sqlalchemy.engine import Engine

from bot.staff import accounts, audit, totp


@dataclass(frozen=True)
class Change:
    message: str  # what the administrator is told
    # A password or TOTP secret the administrator must pass on; shown once, never stored
    # in plain text or logged.
    secret: Optional[str] = None


def temporary_password() -> str:
    return secrets.token_urlsafe(15)  # 20 characters: above MIN_LENGTH, easy to type once


def apply(
    engine: Engine,
    action: str,
    username: str,
    *,
    actor: str,
    ip: Optional[str],
    now: datetime,
    role: str = "",
    password: str = "",
) -> Change:
    """Run one change; AccountError (e.g. the last administrator) leaves everything as it was."""
    name = accounts.normalize_username(username)
    secret = None
    if action == "disable":
        accounts.set_disabled(engine, name, True)
        entry, message = "account_disabled", f"{name} is disabled; their sessions have ended."
    elif action == "enable":
        accounts.set_disabled(engine, name, False)
        entry, message = "account_enabled", f"{name} can log in again."
    elif action == "unlock":
        forgotten = accounts.unlock(engine, name)
        entry, message = "account_unlocked", f"{name}: {forgotten} failed log-in(s) forgotten."
    elif action == "reset-password":
        secret = password or temporary_password()
        accounts.reset_password(engine, name, secret)
        entry, message = "account_password_reset", f"{name} has a new password; sessions ended."
        secret = None if password else secret
    elif action == "set-role":
        accounts.set_role(engine, name, role)
        entry, message = "account_role_set", f"{name} is now {role}."
    elif action == "totp-on":
        secret = totp.new_secret()
        accounts.set_totp_secret(engine, name, secret)
        entry, message = "account_totp_set", f"{name} now needs a code from an authenticator app."
        secret = totp.provisioning_uri(secret, name)
    elif action == "totp-off":
        accounts.set_totp_secret(engine, name, None)
        entry, message = "account_totp_set", f"{name} logs in without a code."
    else:
        raise accounts.AccountError(f"unknown action {action!r}")
    detail = f"{name} role={role}" if action == "set-role" else name
    audit.record(engine, actor, entry, detail, ip, now)
    return Change(message, secret)
