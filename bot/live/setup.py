"""Mounts live chat on the app with one call, `setup_live(app)`: the event bus, the sweep
that ends unanswered requests, the visitor's stream, the action server's endpoint and
the console's live page (behind the console's log-in and CSRF middlewares by its path)."""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timezone
from typing import AsyncIterator

from aiohttp import web

from bot.app_state import DATABASE, SETTINGS
from bot.background_task import lifetime_task
from bot.live import handoffs, service, staff_views
from bot.live.api import request_person
from bot.live.bus import MemoryBus, RedisBus
from bot.live.state import LIVE_BUS, LIVE_WAIT_S
from bot.live.visitor import visitor_stream
from clinic.live_chat import DEFAULT_WAIT_S

logger = logging.getLogger("bot.live")
SWEEP_S = 1.0


async def sweep_overdue(app: web.Application) -> None:
    """Requests nobody joined in time, and chats their staff member left without handing
    back. Each process sweeps; the conditional updates let exactly one handle each."""
    while True:
        await asyncio.sleep(SWEEP_S)
        try:
            now = datetime.now(timezone.utc)
            for handoff in await app[DATABASE].run(handoffs.overdue, now):
                if await app[DATABASE].run(handoffs.mark_missed, handoff.id, now):
                    await service.miss(app, handoff)
            for handoff in await app[DATABASE].run(handoffs.abandoned, now):
                await service.hand_back(app, handoff.id, handoff.joined_by)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # noqa: BLE001 - database, Rasa or Redis away: next round
            logger.warning("live sweep failed (%s)", type(exc).__name__)


async def _bus(app: web.Application) -> AsyncIterator[None]:
    settings = app.get(SETTINGS)
    redis_url = settings.redis_url if settings is not None else ""
    app[LIVE_BUS] = RedisBus(redis_url) if redis_url else MemoryBus()
    await app[LIVE_BUS].start()
    yield
    await app[LIVE_BUS].close()


async def _end_streams(app: web.Application) -> None:
    # on_shutdown runs before the server waits for handlers: open streams end now.
    if LIVE_BUS in app:
        app[LIVE_BUS].end_streams()


def setup_live(app: web.Application, staff_prefix: str = "/staff") -> None:
    settings = app.get(SETTINGS)
    app[LIVE_WAIT_S] = settings.live_chat_wait_s if settings is not None else DEFAULT_WAIT_S
    app.cleanup_ctx.append(_bus)
    app.cleanup_ctx.append(lifetime_task(sweep_overdue))
    app.on_shutdown.append(_end_streams)
    app.router.add_get("/api/chat/live", visitor_stream, name="chat_live")
    app.router.add_post("/api/live/requests", request_person, name="live_requests")
    staff_views.add_routes(app.router, staff_prefix)
