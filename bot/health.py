"""GET /healthz: 200 only when Rasa, the action server and the database all answer.

Each part gets about two seconds, checked concurrently; a 503 names the parts that are down.
"""
from __future__ import annotations

import asyncio

import aiohttp
from aiohttp import web
from yarl import URL

from bot.app_state import DATABASE, HTTP, SETTINGS
from bot.storage.database import ping

CHECK_TIMEOUT_S = 2.0


def action_server_health_url(action_server_url: str) -> str:
    # The action server's /webhook and /health share a host and port.
    return str(URL(action_server_url).with_path("/health"))


async def _http_ok(http: aiohttp.ClientSession, url: str) -> bool:
    try:
        timeout = aiohttp.ClientTimeout(total=CHECK_TIMEOUT_S)
        async with http.get(url, timeout=timeout, allow_redirects=False) as response:
            return response.status == 200
    except (aiohttp.ClientError, asyncio.TimeoutError):
        return False


async def _database_ok(request: web.Request) -> bool:
    try:
        await asyncio.wait_for(request.app[DATABASE].run(ping), CHECK_TIMEOUT_S)
        return True
    except Exception:  # noqa: BLE001 - any failure means "down"; the kind is not exposed
        return False


async def healthz(request: web.Request) -> web.Response:
    settings, http = request.app[SETTINGS], request.app[HTTP]
    parts = ("rasa", "actions", "database")
    results = await asyncio.gather(
        _http_ok(http, settings.rasa_url.rstrip("/") + "/"),
        _http_ok(http, action_server_health_url(settings.action_server_url)),
        _database_ok(request),
    )
    body = {part: "ok" if ok else "down" for part, ok in zip(parts, results)}
    down = [part for part, ok in zip(parts, results) if not ok]
    if down:
        return web.json_response({"status": "unavailable", **body, "down": down}, status=503)
    return web.json_response({"status": "ok", **body})
