"""What request bodies the app accepts, checked before any view reads one.

- No Content-Encoding (gzip, deflate, br ...): browsers never compress request bodies,
  and aiohttp 3.9.5's decompression has known denial-of-service flaws (a small "zip bomb"
  inflating to tens of MB in one step, CVE-2025-69223 and later; SECURITY.md). The app
  also turns the parser's automatic decompression off (bot/app.py), so such a body is
  never inflated; this answers it with a clear 415.
- Console forms only as application/x-www-form-urlencoded: aiohttp 3.9.5 does not apply
  client_max_size to a whole multipart form (CVE-2025-69228), and no console form
  uploads files.
"""

from __future__ import annotations

from aiohttp import web

from bot.api_errors import ApiError
from bot.error_responses import is_json_path

FORM = "application/x-www-form-urlencoded"
BODY_METHODS = ("POST", "PUT", "PATCH", "DELETE")


@web.middleware
async def request_body_middleware(request: web.Request, handler) -> web.StreamResponse:
    if request.method in BODY_METHODS:
        encoding = request.headers.get("Content-Encoding", "identity").strip().lower()
        if encoding not in ("", "identity"):
            _refuse(request, "Compressed request bodies are not accepted.")
        if request.path.startswith("/staff/") and request.body_exists:
            if request.content_type != FORM:
                _refuse(request, "Forms must be sent as application/x-www-form-urlencoded.")
    return await handler(request)


def _refuse(request: web.Request, reason: str) -> None:
    if is_json_path(request):
        raise ApiError(415, reason)
    raise web.HTTPUnsupportedMediaType(text=reason)
