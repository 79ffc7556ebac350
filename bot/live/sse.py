"""Server-Sent Events over aiohttp: one long response per open page.

Chosen over WebSocket: one-way is all the pages need (they send with ordinary POSTs that
carry the session cookie and the console's CSRF token), and SSE passes any HTTP reverse
proxy that does not buffer (README: X-Accel-Buffering / proxy_buffering off).
"""

from __future__ import annotations

import asyncio
import json
from typing import AsyncIterator, Optional

from aiohttp import web

# A comment line this often keeps proxies from closing an idle stream and lets the server
# notice a page that went away.
KEEPALIVE_S = 15.0
RETRY_MS = 1500  # how soon a browser's EventSource reconnects after a drop


async def open_stream(request: web.Request) -> web.StreamResponse:
    response = web.StreamResponse(
        headers={
            "Content-Type": "text/event-stream",
            "Cache-Control": "no-store",
            "X-Accel-Buffering": "no",  # nginx: pass each event on at once
        }
    )
    await response.prepare(request)
    await response.write(f"retry: {RETRY_MS}\n\n".encode())
    return response


async def send(
    response: web.StreamResponse, event: str, data: dict, event_id: Optional[str] = None
) -> None:
    lines = [f"event: {event}"]
    if event_id is not None:
        lines.append(f"id: {event_id}")
    lines.append("data: " + json.dumps(data, separators=(",", ":")))
    await response.write(("\n".join(lines) + "\n\n").encode())


async def with_keepalive(
    events: AsyncIterator[dict], every: float = KEEPALIVE_S
) -> AsyncIterator[Optional[dict]]:
    """The events, with None whenever `every` seconds passed without one."""
    iterator = events.__aiter__()
    pending: Optional[asyncio.Task] = None
    try:
        while True:
            if pending is None:
                pending = asyncio.ensure_future(iterator.__anext__())
            done, _ = await asyncio.wait({pending}, timeout=every)
            if not done:
                yield None
                continue
            try:
                event = pending.result()
            except StopAsyncIteration:
                return
            pending = None
            yield event
    finally:
        if pending is not None:
            pending.cancel()


async def keepalive(response: web.StreamResponse) -> None:
    await response.write(b": keepalive\n\n")
