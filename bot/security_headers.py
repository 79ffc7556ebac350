"""Response headers: a strict CSP on pages, no caching of API answers (they carry PHI), HSTS over TLS.

TLS itself is terminated by a reverse proxy in front of the app (README: "Running behind
TLS"); the proxy says so with X-Forwarded-Proto, and HSTS is only sent then (browsers
ignore it over plain HTTP anyway).
"""

from __future__ import annotations

from aiohttp import web

# Only same-origin scripts, styles and connections: no inline script or style, no third-party host.
_CSP_BASE = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
)
PAGE_CSP = _CSP_BASE + "frame-ancestors 'self'"
# The staff console shows patient data: it is never framed, not even by the clinic's own pages.
CONSOLE_CSP = _CSP_BASE + "frame-ancestors 'none'"
CONSOLE_PREFIX = "/staff"
HSTS = "max-age=31536000; includeSubDomains"
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"


def request_is_https(request: web.Request) -> bool:
    """Served over TLS: directly, or by the reverse proxy that terminates it (X-Forwarded-Proto)."""
    forwarded = request.headers.get("X-Forwarded-Proto", "").split(",")[0].strip().lower()
    return request.secure or forwarded == "https"


def _add_headers(request: web.Request, headers) -> None:
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "no-referrer")
    headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
    if request_is_https(request):
        headers.setdefault("Strict-Transport-Security", HSTS)
    if request.path.startswith("/api/"):
        headers.setdefault("Cache-Control", "no-store")
    if headers.get("Content-Type", "").startswith("text/html"):
        console = request.path == CONSOLE_PREFIX or request.path.startswith(CONSOLE_PREFIX + "/")
        headers.setdefault("Content-Security-Policy", CONSOLE_CSP if console else PAGE_CSP)


@web.middleware
async def security_headers_middleware(request: web.Request, handler) -> web.StreamResponse:
    try:
        response = await handler(request)
    except web.HTTPException as exc:
        _add_headers(request, exc.headers)
        raise
    _add_headers(request, response.headers)
    return response
