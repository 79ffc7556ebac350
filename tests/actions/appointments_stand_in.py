"""A real HTTP server standing in for the app's POST /api/appointments: it answers like the
app (token, idempotency key) unless scripted otherwise, and records every request."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Dict, List, Optional

from aiohttp import web
from aiohttp.test_utils import TestServer
from local_ports import free_port  # noqa: F401  (re-exported for this directory's tests)

TOKEN = "test-appointments-token"


@dataclass
class AppointmentsStandIn:
    """POST /api/appointments as the app answers it (token, idempotency), recording requests.

    `script` holds answers for the next requests, e.g. (503, {}) or (422, {"field": "email"});
    `delay` keeps a request waiting (a slow app).
    """

    token: str = TOKEN
    requests: List[dict] = field(default_factory=list)
    stored: Dict[str, dict] = field(default_factory=dict)  # idempotency key -> body
    script: List[tuple] = field(default_factory=list)
    delay: float = 0.0
    server: Optional[TestServer] = None

    async def handle(self, request: web.Request) -> web.Response:
        body = await request.json()
        self.requests.append({"headers": dict(request.headers), "body": body})
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.script:
            status, answer, *headers = self.script.pop(0)
            return web.json_response(answer, status=status, headers=headers[0] if headers else None)
        if request.headers.get("Authorization") != f"Bearer {self.token}":
            return web.json_response({"error": "missing or invalid token"}, status=401)
        key = request.headers["Idempotency-Key"]
        if key in self.stored:
            return web.json_response(
                {"reference": self.stored[key]["reference"], "created": False}, status=200
            )
        self.stored[key] = body
        return web.json_response({"reference": body["reference"], "created": True}, status=201)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.port}"

    async def start(self, monkeypatch, port: int = 0) -> "AppointmentsStandIn":
        app = web.Application()
        app.router.add_post("/api/appointments", self.handle)
        self.server = TestServer(app, host="127.0.0.1", port=port or None)
        await self.server.start_server()
        monkeypatch.setenv("BOT_URL", self.url)
        return self

    async def stop(self) -> None:
        if self.server is not None:
            await self.server.close()
