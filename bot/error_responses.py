"""Errors never show a traceback: JSON for /api/* (and /healthz), plain text elsewhere."""

from __future__ import annotations

import logging
import traceback

from aiohttp import web

from bot.api_errors import ApiError

logger = logging.getLogger("bot.errors")

# Headers of aiohttp's HTTP errors that still mean something on the JSON version.
KEPT_HEADERS = ("Allow", "Retry-After", "WWW-Authenticate")
POLITE = {
    413: "That is too much text at once. Please send a shorter message.",
}


def is_json_path(request: web.Request) -> bool:
    return request.path.startswith("/api/") or request.path == "/healthz"


@web.middleware
async def error_middleware(request: web.Request, handler) -> web.StreamResponse:
    try:
        return await handler(request)
    except ApiError as exc:
        return exc.response()
    except web.HTTPException as exc:
        if exc.status < 400 or not is_json_path(request):
            raise
        headers = {k: exc.headers[k] for k in KEPT_HEADERS if k in exc.headers}
        error = POLITE.get(exc.status, (exc.reason or "error").lower())
        return web.json_response(
            {"error": error, "field": None}, status=exc.status, headers=headers
        )
    except Exception as exc:  # noqa: BLE001 - the last line of defence
        # Type and frames only: an exception's message may quote what a visitor typed.
        frames = "".join(traceback.format_tb(exc.__traceback__))
        logger.error(
            "unhandled %s in %s %s\n%s", type(exc).__name__, request.method, request.path, frames
        )
        if is_json_path(request):
            return web.json_response({"error": "internal error", "field": None}, status=500)
        return web.Response(status=500, text="Internal Server Error")
