"""CORS for the browser-facing API: only origins in settings.cors_origins, with credentials.

Same-origin requests (the widget served by this app) need nothing. A request from any
other origin is refused outright, not just left unreadable: the chat endpoints act on
the visitor's session cookie.
"""

from __future__ import annotations

from typing import Optional
from urllib.parse import urlsplit

from aiohttp import web

from bot.app_state import SETTINGS

CORS_PATHS = ("/api/chat", "/api/chat/history", "/api/chat/live", "/api/clinic")
ALLOWED_METHODS = "GET, POST, OPTIONS"
ALLOWED_HEADERS = "Content-Type"
PREFLIGHT_MAX_AGE_S = "600"


def is_same_origin(request: web.Request, origin: str) -> bool:
    return urlsplit(origin).netloc.lower() == request.host.lower()


def listed_origin(request: web.Request) -> Optional[str]:
    """The request's Origin when it is on the allow-list (a cross-origin caller we trust)."""
    origin = request.headers.get("Origin")
    if (
        origin
        and origin in request.app[SETTINGS].cors_origins
        and not is_same_origin(request, origin)
    ):
        return origin
    return None


@web.middleware
async def cors_middleware(request: web.Request, handler) -> web.StreamResponse:
    origin = request.headers.get("Origin")
    if request.path not in CORS_PATHS or not origin or is_same_origin(request, origin):
        return await handler(request)
    if listed_origin(request) is None:
        return web.json_response({"error": "origin not allowed", "field": None}, status=403)

    cors = {
        "Access-Control-Allow-Origin": origin,
        "Access-Control-Allow-Credentials": "true",
        "Vary": "Origin",
    }
    if request.method == "OPTIONS" and "Access-Control-Request-Method" in request.headers:
        return web.Response(
            status=204,
            headers={
                **cors,
                "Access-Control-Allow-Methods": ALLOWED_METHODS,
                "Access-Control-Allow-Headers": ALLOWED_HEADERS,
                "Access-Control-Max-Age": PREFLIGHT_MAX_AGE_S,
            },
        )
    response = await handler(request)
    response.headers.update(cors)
    # Let the widget read Retry-After on a 429.
    response.headers["Access-Control-Expose-Headers"] = "Retry-After"
    return response
