"""Live chat's application state (aiohttp AppKeys)."""

from aiohttp import web

from bot.live.bus import MemoryBus

LIVE_BUS = web.AppKey("live_bus", MemoryBus)  # a MemoryBus, or a RedisBus in production
LIVE_WAIT_S = web.AppKey("live_wait_s", int)
