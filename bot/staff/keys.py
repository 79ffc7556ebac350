"""The staff console's application state (aiohttp AppKeys) and per-request values."""

from __future__ import annotations

from datetime import datetime
from typing import Callable

from aiohttp import web

from bot.app_state import DATABASE as DB  # noqa: F401 - the app's Database, opened at start-up
from bot.client_address import client_address
from clinic.clock import utc_from_epoch

# Seconds since the epoch; tests replace it to step past the idle timeout.
CLOCK = web.AppKey("staff_clock", Callable[[], float])
# The logged-in bot.staff.accounts.Account, set by the log-in middleware.
ACCOUNT = "staff_account"


def now(request: web.Request) -> datetime:
    return utc_from_epoch(request.config_dict[CLOCK]())


def client_ip(request: web.Request) -> str:
    """Behind a trusted proxy, the address the proxy saw (bot/client_address.py)."""
    return client_address(request)
