"""The audit log: who did what, when, from where. Targets are ids, never visitor data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import List, Optional

from sqlalchemy import func, insert, select
from sqlalchemy.engine import Connection, Engine

from bot.storage.staff_tables import staff_audit
from clinic.clock import as_utc

# Every action the log records, with the label admins see.
ACTIONS = {
    "login": "logged in",
    "login_failed": "failed log-in",
    "login_locked": "log-in refused (account locked)",  # before issue 18; kept for old rows
    "login_rate_limited": "log-in refused (too many attempts)",
    "login_slowed": "log-in refused (wait after failures from this address)",
    "login_disabled": "log-in refused (account disabled)",
    "login_second_factor": "log-in refused (wrong or missing code)",
    "login_busy": "log-in refused (too many log-ins at once)",
    # account management (console page or `python -m bot staff ...`); target: the account
    "account_created": "created an account",
    "account_disabled": "disabled an account",
    "account_enabled": "enabled an account",
    "account_unlocked": "cleared an account's failed log-ins",
    "account_password_reset": "reset an account's password",
    "account_role_set": "changed an account's role",
    "account_totp_set": "changed an account's second factor",
    # reads of what visitors wrote (issue 18)
    "conversation_list": "viewed conversation list",
    "conversation_search": "searched what visitors wrote",
    "analytics_view": "viewed analytics (unanswered messages)",
    "logout": "logged out",
    "request_list": "viewed request list",
    "request_view": "viewed request",
    "request_status": "changed request status",
    "request_note": "added request note",
    "transcript_view": "viewed transcript",
    "conversation_review": "changed review state",
    "conversation_tag": "changed tags",
    "turn_correction": "corrected a turn",
    "export": "exported",
    # privacy (issue 7): actor "visitor" or the operator's "cli:<user>"
    "conversation_erased": "visitor deleted their conversation",
    "retention_purge": "purged data past the retention period",
    "keys_rotated": "re-encrypted data under a new key",
    "notification_retry": "re-queued a failed notification",
    # live chat (issue 20): target the conversation id
    "live_available": "became available for live chat",
    "live_unavailable": "stopped being available for live chat",
    "live_join": "joined a live chat",
    "live_reply": "replied in a live chat",
    "live_hand_back": "handed a live chat back to the assistant",
}


@dataclass(frozen=True)
class AuditEntry:
    at: datetime
    actor: Optional[str]
    action: str
    target: Optional[str]
    ip: Optional[str]

    @property
    def label(self) -> str:
        return ACTIONS.get(self.action, self.action)


def record(
    db: Engine | Connection,
    actor: Optional[str],
    action: str,
    target: Optional[str],
    ip: Optional[str],
    now: datetime,
) -> None:
    """Write one row; pass a Connection to make it part of the change it records."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    statement = insert(staff_audit).values(
        at=now, actor=actor, action=action, target=(target or "")[:255] or None, ip=ip
    )
    if isinstance(db, Connection):
        db.execute(statement)
        return
    with db.begin() as conn:
        conn.execute(statement)


def list_entries(
    engine: Engine, *, actor: str = "", action: str = "", page: int = 1, per_page: int = 100
) -> tuple[List[AuditEntry], int]:
    """Newest first; returns (entries on this page, total matching)."""
    conditions = []
    if actor:
        conditions.append(staff_audit.c.actor == actor)
    if action:
        conditions.append(staff_audit.c.action == action)
    with engine.connect() as conn:
        total = conn.execute(
            select(func.count()).select_from(staff_audit).where(*conditions)
        ).scalar_one()
        rows = conn.execute(
            select(
                staff_audit.c.at,
                staff_audit.c.actor,
                staff_audit.c.action,
                staff_audit.c.target,
                staff_audit.c.ip,
            )
            .where(*conditions)
            .order_by(staff_audit.c.id.desc())
            .limit(per_page)
            .offset((max(page, 1) - 1) * per_page)
        ).all()
    return [AuditEntry(as_utc(r.at), r.actor, r.action, r.target, r.ip) for r in rows], total
