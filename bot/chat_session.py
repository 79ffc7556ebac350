"""Visitors' chat session ids, kept in a signed HttpOnly cookie.

The id is the Rasa conversation id, so whoever holds a valid cookie can read that
conversation's history: ids are random, signed (HMAC-SHA256 with the gateway key) and
expire, and a forged or stale cookie simply gets a fresh session.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import time
from typing import Callable, Optional, Tuple

from aiohttp import web

COOKIE_NAME = "chat_session"
# Over HTTPS the cookie carries the __Host- prefix: browsers then accept it only Secure,
# for Path=/ and without a Domain, so no sibling subdomain can plant or overwrite a
# visitor's session (session fixation into someone else's conversation).
SECURE_COOKIE_NAME = "__Host-" + COOKIE_NAME


def cookie_name(secure: bool) -> str:
    return SECURE_COOKIE_NAME if secure else COOKIE_NAME


# Health conversations on possibly shared computers: keep a session for a day at most.
MAX_AGE_S = 12 * 60 * 60


class ChatSessions:
    def __init__(self, key: str, clock: Callable[[], float] = time.time) -> None:
        self._key = key.encode()
        self._clock = clock

    def new(self) -> Tuple[str, str]:
        """A fresh (session id, cookie value)."""
        session_id = secrets.token_hex(16)
        issued = str(int(self._clock()))
        return session_id, f"{session_id}.{issued}.{self._sign(session_id, issued)}"

    def verify(self, cookie: Optional[str]) -> Optional[str]:
        """The session id of a genuine, unexpired cookie; None otherwise."""
        if not cookie or cookie.count(".") != 2:
            return None
        session_id, issued, signature = cookie.split(".")
        if not hmac.compare_digest(signature.encode(), self._sign(session_id, issued).encode()):
            return None
        if not issued.isdigit() or self._clock() - int(issued) > MAX_AGE_S:
            return None
        return session_id

    def _sign(self, session_id: str, issued: str) -> str:
        mac = hmac.new(self._key, f"chat-session:{session_id}.{issued}".encode(), hashlib.sha256)
        return base64.urlsafe_b64encode(mac.digest()).rstrip(b"=").decode()


def set_session_cookie(
    response: web.StreamResponse, value: str, *, secure: bool, cross_site: bool
) -> None:
    # Browsers do not send SameSite=Lax cookies on cross-site fetches, so a widget embedded
    # on an allow-listed other site needs SameSite=None, which browsers accept only with Secure.
    response.set_cookie(
        cookie_name(secure),
        value,
        max_age=MAX_AGE_S,
        path="/",
        httponly=True,
        secure=secure,
        samesite="None" if (cross_site and secure) else "Lax",
    )


def session_cookie(request: web.Request, secure: bool) -> Optional[str]:
    """The visitor's cookie value: over HTTPS only the __Host- one counts."""
    return request.cookies.get(cookie_name(secure))


def clear_session_cookie(response: web.StreamResponse) -> None:
    """ "End chat": the browser forgets the session (the transcript stays for staff)."""
    response.del_cookie(COOKIE_NAME, path="/")
    response.set_cookie(
        SECURE_COOKIE_NAME, "", max_age=0, path="/", httponly=True, secure=True, samesite="Lax"
    )
