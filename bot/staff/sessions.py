"""Staff sessions: an encrypted cookie, log-in required on every page, idle log-off.

The cookie is encrypted and authenticated (Fernet) with a key derived from the
`staff_session_key` secret. It holds the account id, the account's session epoch
(bumped on log-out, so copies of an old cookie stop working), the log-in time, the
last-request time and the CSRF token.
"""

from __future__ import annotations

import base64
from urllib.parse import urlencode

from aiohttp import web
from aiohttp_session import Session, get_session, new_session
from aiohttp_session.cookie_storage import EncryptedCookieStorage
from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from bot.security_headers import request_is_https
from bot.staff.accounts import Account, get_account
from bot.staff.csrf import new_token
from bot.staff.keys import ACCOUNT, CLOCK, DB

IDLE_TIMEOUT_S = 15 * 60
MAX_SESSION_S = 12 * 60 * 60  # a full working day, then log in again
COOKIE_NAME = "staff_session"
COOKIE_PATH = "/staff"
# Resources reachable without a session (by name).
PUBLIC_RESOURCES = {"staff_login", "staff_css"}


def fernet_from_secret(secret: str) -> Fernet:
    """Fernet wants 32 url-safe base64 bytes; derive them from the secret of any length."""
    key = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"staff-session-cookie"
    ).derive(secret.encode("utf-8"))
    return Fernet(base64.urlsafe_b64encode(key))


class StaffCookieStorage(EncryptedCookieStorage):
    """HttpOnly, SameSite=Strict, and Secure whenever the request came over TLS (directly or
    through a proxy that says so in X-Forwarded-Proto, as the chat gateway also trusts).

    The base class fixes `secure` when it is built; here it follows each request.
    No max_age: a browser-session cookie; the idle and overall limits are checked
    server-side from the times inside it.
    """

    def __init__(self, secret: str) -> None:
        self._cookie_fernet = fernet_from_secret(secret)
        super().__init__(
            self._cookie_fernet,
            cookie_name=COOKIE_NAME,
            path=COOKIE_PATH,
            httponly=True,
            samesite="Strict",
        )

    async def save_session(
        self, request: web.Request, response: web.StreamResponse, session: Session
    ) -> None:
        if session.empty:
            response.del_cookie(COOKIE_NAME, path=COOKIE_PATH)
            return
        data = self._encoder(self._get_session_data(session)).encode("utf-8")
        response.set_cookie(
            COOKIE_NAME,
            self._cookie_fernet.encrypt(data).decode("utf-8"),
            path=COOKIE_PATH,
            httponly=True,
            samesite="Strict",
            secure=request_is_https(request),
        )


async def start_session(request: web.Request, account: Account) -> None:
    """A fresh session (new id, new CSRF token) at log-in, so no pre-log-in cookie is reused."""
    session = await new_session(request)
    now = request.config_dict[CLOCK]()
    session.update(
        uid=account.id, epoch=account.session_epoch, login_at=now, seen=now, csrf=new_token()
    )


def login_url(request: web.Request, *, reason: str = "") -> str:
    query = {}
    if request.method == "GET" and request.path != COOKIE_PATH + "/":
        query["next"] = request.path_qs
    if reason:
        query["reason"] = reason
    base = str(request.app.router["staff_login"].url_for())
    return f"{base}?{urlencode(query)}" if query else base


def _expired(session: Session, now: float) -> str:
    if now - session.get("seen", 0) > IDLE_TIMEOUT_S:
        return "idle"
    if now - session.get("login_at", 0) > MAX_SESSION_S:
        return "expired"
    return ""


@web.middleware
async def require_login(request: web.Request, handler):
    resource = request.match_info.route.resource
    if resource is not None and resource.name in PUBLIC_RESOURCES:
        return await handler(request)
    session = await get_session(request)
    if "uid" not in session:
        raise web.HTTPSeeOther(login_url(request))
    now = request.config_dict[CLOCK]()
    reason = _expired(session, now)
    account = None
    if not reason:
        account = await request.config_dict[DB].run(get_account, session["uid"])
        if account is None or account.session_epoch != session.get("epoch"):
            reason = "ended"
    if reason:
        session.invalidate()
        raise web.HTTPSeeOther(login_url(request, reason=reason))
    session["seen"] = now
    request[ACCOUNT] = account
    return await handler(request)


def require_admin(request: web.Request) -> Account:
    account = request[ACCOUNT]
    if not account.is_admin:
        raise web.HTTPForbidden(text="This page is for administrators.")
    return account
