"""Response headers: a strict CSP on pages, no caching of API answers (they carry PHI)."""
from __future__ import annotations

from aiohttp import web

# Only same-origin scripts, styles and connections: no inline script, no third-party host.
PAGE_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'self'"
)


def _add_headers(request: web.Request, headers) -> None:
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "no-referrer")
    if request.path.startswith("/api/"):
        headers.setdefault("Cache-Control", "no-store")
    if headers.get("Content-Type", "").startswith("text/html"):
        headers.setdefault("Content-Security-Policy", PAGE_CSP)


@web.middleware
async def security_headers_middleware(request: web.Request, handler) -> web.StreamResponse:
    try:
        response = await handler(request)
    except web.HTTPException as exc:
        _add_headers(request, exc.headers)
        raise
    _add_headers(request, response.headers)
    return response
