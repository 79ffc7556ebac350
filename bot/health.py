"""GET /healthz: 200 only when Rasa, the action server and the database all answer.

Each part gets about two seconds, checked concurrently; a 503 names the parts that are down.
With several Rasa servers and action servers (production) a part is "degraded" while some
of them answer (still 200: the gateway fails over), and Redis, Rasa's lock store, is checked too.
"""

from __future__ import annotations

import asyncio
import ipaddress

import aiohttp
from aiohttp import web
from yarl import URL

from bot.api_errors import ApiError
from bot.app_state import CHAT_LIMITS, DATABASE, HTTP, SETTINGS
from bot.client_address import client_address
from clinic.database import ping

CHECK_TIMEOUT_S = 2.0


def is_loopback(address: str) -> bool:
    try:
        return ipaddress.ip_address(address).is_loopback
    except ValueError:
        return False


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


async def _redis_ok(redis_url: str) -> bool:
    import redis.asyncio as redis  # only with a Redis lock store (production)

    client = redis.from_url(
        redis_url, socket_connect_timeout=CHECK_TIMEOUT_S, socket_timeout=CHECK_TIMEOUT_S
    )
    try:
        return bool(await asyncio.wait_for(client.ping(), CHECK_TIMEOUT_S))
    except Exception:  # noqa: BLE001 - any failure means "down"; the kind is not exposed
        return False
    finally:
        await client.close()


def _state(results) -> str:
    """One server: ok or down. Several (production): ok, degraded (some answer) or down."""
    if all(results):
        return "ok"
    return "degraded" if any(results) else "down"


async def healthz(request: web.Request) -> web.Response:
    # Each call fans out to every backend: limited per client address. Checks from this
    # machine (the launcher, a local monitor) are not; behind a proxy, only with
    # TRUSTED_PROXIES set are outside callers told apart from it.
    address = client_address(request)
    wait = 0 if is_loopback(address) else request.app[CHAT_LIMITS].check_health(address)
    if wait:
        raise ApiError(429, "Too many health checks.", headers={"Retry-After": str(wait)})
    settings, http = request.app[SETTINGS], request.app[HTTP]
    checks = {
        "rasa": [_http_ok(http, url + "/") for url in settings.rasa_urls],
        "actions": [
            _http_ok(http, action_server_health_url(url)) for url in settings.action_server_urls
        ],
        "database": [_database_ok(request)],
    }
    if settings.redis_url:  # Rasa's lock store: without it no turn can run
        checks["redis"] = [_redis_ok(settings.redis_url)]
    results = await asyncio.gather(*(check for group in checks.values() for check in group))
    body, at = {}, 0
    for part, group in checks.items():
        body[part] = _state(results[at : at + len(group)])
        at += len(group)
    down = [part for part, state in body.items() if state == "down"]
    degraded = [part for part, state in body.items() if state == "degraded"]
    extra = {"degraded": degraded} if degraded else {}
    if down:
        return web.json_response(
            {"status": "unavailable", **body, "down": down, **extra}, status=503
        )
    return web.json_response({"status": "ok", **body, **extra})
