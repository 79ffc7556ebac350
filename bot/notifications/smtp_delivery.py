"""One email over SMTP with the standard library (blocking: the sender runs it in a thread).

STARTTLS with certificate checks when SMTP_STARTTLS is on (the default), then log-in when
SMTP_USER is set. Every socket operation is bounded by `timeout_s`.
"""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from typing import Dict, Tuple

from clinic.settings import NotifySettings


def deliver(
    notify: NotifySettings, message: EmailMessage, timeout_s: float
) -> Dict[str, Tuple[int, bytes]]:
    """Send `message`; returns the recipients the server refused (empty when all accepted)."""
    with smtplib.SMTP(notify.smtp_host, notify.smtp_port, timeout=timeout_s) as client:
        if notify.smtp_starttls:
            client.starttls(context=ssl.create_default_context())
        if notify.smtp_user:
            client.login(notify.smtp_user, notify.smtp_password)
        return client.send_message(message)


def is_permanent(exc: BaseException) -> bool:
    """The server rejected this message for good (5xx for every recipient, or for its content).

    Everything else, including a wrong password or a refused sender, is worth retrying:
    an administrator can fix the settings, and the queued notices then go out.
    """
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return bool(exc.recipients) and all(code >= 500 for code, _ in exc.recipients.values())
    if isinstance(exc, smtplib.SMTPDataError):
        return exc.smtp_code >= 500
    return False


def describe(exc: BaseException) -> str:
    """A reason for the console: the error type and the server's reply (no message content)."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = sorted({code for code, _ in exc.recipients.values()})
        return f"recipients refused ({', '.join(map(str, codes))}): {', '.join(exc.recipients)}"
    if isinstance(exc, smtplib.SMTPResponseException):
        reply = (
            exc.smtp_error.decode("utf-8", "replace")
            if isinstance(exc.smtp_error, bytes)
            else str(exc.smtp_error)
        )
        return f"{type(exc).__name__} {exc.smtp_code}: {reply}"
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
