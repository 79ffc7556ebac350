"""Bearer-token checks for the internal Sanic servers (Rasa, the action server); shared
here because the action server and Rasa-side code may not import each other.

Only the web app faces the public; these servers accept a request only with
`Authorization: Bearer <token>` (never a query string: those end up in logs). Health
checks stay open: they say nothing but "up".
"""

from __future__ import annotations

import hmac
from typing import Awaitable, Callable, Collection, Optional

from sanic import response
from sanic.request import Request
from sanic.response import HTTPResponse

UNAUTHORIZED = {"error": "unauthorized"}


def bearer_ok(request: Request, token: str) -> bool:
    """True when the request carries exactly this token (compared in constant time)."""
    header = request.headers.get("Authorization", "")
    scheme, _, provided = header.partition(" ")
    if scheme.lower() != "bearer" or not token:
        return False
    return hmac.compare_digest(provided.strip().encode(), token.encode())


def refusal() -> HTTPResponse:
    return response.json(
        UNAUTHORIZED, status=401, headers={"WWW-Authenticate": 'Bearer realm="internal"'}
    )


def bearer_middleware(
    token: str, open_paths: Collection[str]
) -> Callable[[Request], Awaitable[Optional[HTTPResponse]]]:
    """A Sanic request middleware: every path but `open_paths` needs the token."""

    async def require_token(request: Request) -> Optional[HTTPResponse]:
        if request.path in open_paths or bearer_ok(request, token):
            return None
        return refusal()

    return require_token
