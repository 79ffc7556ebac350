"""The one shape of every /api/ error: {"error": "...", "field": "<name>"|null}."""

from __future__ import annotations

from typing import Mapping, Optional

from aiohttp import web


class ApiError(Exception):
    """Raised by views; the error middleware turns it into a JSON response."""

    def __init__(
        self,
        status: int,
        error: str,
        field: Optional[str] = None,
        headers: Optional[Mapping[str, str]] = None,
    ) -> None:
        super().__init__(error)
        self.status = status
        self.error = error
        self.field = field
        self.headers = dict(headers or {})

    def response(self) -> web.Response:
        return web.json_response(
            {"error": self.error, "field": self.field}, status=self.status, headers=self.headers
        )
