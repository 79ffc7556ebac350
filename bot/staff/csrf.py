"""CSRF protection: a per-session token that every POST form must send back (`csrf_token`).

The session cookie is also SameSite=Strict; the token covers browsers that ignore it.
"""

from __future__ import annotations

import hmac
import secrets

from aiohttp import web
from aiohttp_session import get_session

FIELD = "csrf_token"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


def new_token() -> str:
    return secrets.token_urlsafe(32)


async def session_token(request: web.Request) -> str:
    """The token to put in this page's forms (created with the session if needed)."""
    session = await get_session(request)
    if "csrf" not in session:
        session["csrf"] = new_token()
    return session["csrf"]


@web.middleware
async def check_csrf(request: web.Request, handler):
    if request.method not in SAFE_METHODS:
        session = await get_session(request)
        expected = session.get("csrf")
        supplied = (await request.post()).get(FIELD)
        if (
            not expected
            or not isinstance(supplied, str)
            or not hmac.compare_digest(expected, supplied)
        ):
            raise web.HTTPForbidden(
                text="The form expired or did not come from this site. Reload the page and try again."
            )
    return await handler(request)
