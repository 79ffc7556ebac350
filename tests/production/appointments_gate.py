"""A pass-through proxy between the action servers and the app's /api/appointments.

Each action server gets its own port (its BOT_URL), so the gate knows who sent what. It
records every delivery (sender, idempotency key, the app's status and reference) and can
hold the app's answer to the next delivery: the app has stored the request, the action
server has not heard back yet. That is the moment a test restarts the action server.

Runs its own event loop in a thread, so synchronous fixtures and async tests share it.
"""

from __future__ import annotations

import asyncio
import json
import threading
from dataclasses import dataclass
from typing import Dict, List, Optional

import aiohttp
from aiohttp import web
from local_servers import free_port

FORWARDED_HEADERS = ("Authorization", "Idempotency-Key", "Content-Type")
SENDER = web.AppKey("sender", str)


@dataclass(frozen=True)
class Delivery:
    sender: str  # the action server's service name
    idempotency_key: str
    status: int
    reference: Optional[str]
    held: bool


class AppointmentsGate:
    def __init__(self, app_url: str, senders: List[str]) -> None:
        self.app_url = app_url.rstrip("/")
        self.ports: Dict[str, int] = {name: free_port() for name in senders}
        self.deliveries: List[Delivery] = []
        self.held = threading.Event()  # set once a held delivery reached the app
        self._hold_next = False
        self._release: Optional[asyncio.Event] = None
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(
            target=self._loop.run_forever, name="appointments-gate", daemon=True
        )
        self._runners: List[web.AppRunner] = []
        self._http: Optional[aiohttp.ClientSession] = None

    def url(self, sender: str) -> str:
        return f"http://127.0.0.1:{self.ports[sender]}"

    def start(self) -> None:
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._start(), self._loop).result(30)

    def stop(self) -> None:
        asyncio.run_coroutine_threadsafe(self._stop(), self._loop).result(30)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)

    def hold_next(self) -> None:
        """Keep the app's answer to the next delivery from its sender until release()."""
        self.held.clear()
        self._hold_next = True

    def release(self) -> None:
        self._loop.call_soon_threadsafe(self._release.set)

    def for_key(self, idempotency_key: str) -> List[Delivery]:
        return [d for d in self.deliveries if d.idempotency_key == idempotency_key]

    async def _start(self) -> None:
        self._http = aiohttp.ClientSession()
        self._release = asyncio.Event()
        for sender, port in self.ports.items():
            app = web.Application()
            app[SENDER] = sender
            app.router.add_route("*", "/{path:.*}", self._forward)
            runner = web.AppRunner(app, access_log=None)
            await runner.setup()
            await web.TCPSite(runner, "127.0.0.1", port).start()
            self._runners.append(runner)

    async def _stop(self) -> None:
        self._release.set()
        for runner in self._runners:
            await runner.cleanup()
        await self._http.close()

    async def _forward(self, request: web.Request) -> web.Response:
        body = await request.read()
        headers = {h: request.headers[h] for h in FORWARDED_HEADERS if h in request.headers}
        async with self._http.request(
            request.method, self.app_url + request.path_qs, data=body, headers=headers
        ) as answer:
            status, payload = answer.status, await answer.read()
            content_type = answer.headers.get("Content-Type", "application/json")
        hold = self._hold_next and request.path == "/api/appointments"
        if hold:
            self._hold_next = False
            self._release.clear()
        reference = None
        if content_type.startswith("application/json"):
            try:
                reference = json.loads(payload).get("reference")
            except (ValueError, AttributeError):
                reference = None
        self.deliveries.append(
            Delivery(
                request.app[SENDER],
                request.headers.get("Idempotency-Key", ""),
                status,
                reference,
                hold,
            )
        )
        if hold:
            self.held.set()
            await self._release.wait()  # the sender is killed meanwhile; this answer goes nowhere
        return web.Response(status=status, body=payload, headers={"Content-Type": content_type})
