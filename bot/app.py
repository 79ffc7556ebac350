"""The web app factory: routes, middlewares, templates and shared state."""

from __future__ import annotations

from typing import AsyncIterator, Optional

import aiohttp
import aiohttp_jinja2
import jinja2
from aiohttp import web

from bot.api.appointments import create_appointment_request
from bot.api.clinic import clinic_facts
from bot.api.conversations import erase_conversation_request
from bot.app_state import CHAT_LIMITS, CHAT_SESSIONS, DATABASE, HTTP, RASA, SECRETS, SETTINGS
from bot.chat_session import ChatSessions
from bot.client_address import TRUSTED_PROXIES
from bot.cors import cors_middleware
from bot.error_responses import error_middleware
from bot.gateway import end_chat, get_history, post_chat
from bot.health import healthz
from bot.live.setup import setup_live
from bot.notifications.sender import setup_notifications
from bot.pages import STATIC_FILES, TEMPLATES_DIR, demo_page, static_file, widget_script
from bot.rasa_client import RasaClient
from bot.rate_limit import UNLIMITED, ChatLimits, ChatRateLimits
from bot.request_bodies import request_body_middleware
from bot.request_log import request_log_middleware
from bot.security_headers import security_headers_middleware
from bot.staff.console import setup_staff
from clinic.database import Database
from clinic.settings import Settings, load_secrets

# Bodies are small (a chat message, one request); larger ones are refused before parsing.
MAX_BODY_BYTES = 64 * 1024


def add_routes(app: web.Application) -> None:
    app.router.add_get("/", demo_page, name="demo")
    app.router.add_get("/widget.js", widget_script, name="widget")
    # Each file by name, not a directory: aiohttp 3.9.5's static directory handler lets a
    # caller probe which absolute paths exist on the server (CVE-2025-69226, SECURITY.md).
    for name in STATIC_FILES:
        app.router.add_get(f"/static/{name}", static_file(name), name=f"static_{name}")
    app.router.add_get("/healthz", healthz, name="healthz")
    app.router.add_post("/api/chat", post_chat, name="chat")
    app.router.add_get("/api/chat/history", get_history, name="chat_history")
    app.router.add_post("/api/chat/end", end_chat, name="chat_end")
    app.router.add_get("/api/clinic", clinic_facts, name="clinic")
    app.router.add_post("/api/appointments", create_appointment_request, name="appointments")
    app.router.add_delete(
        "/api/conversations/{conversation_id}",
        erase_conversation_request,
        name="conversation_erase",
    )


async def _connections(app: web.Application) -> AsyncIterator[None]:
    settings = app[SETTINGS]
    app[DATABASE] = Database(settings.database_url)
    app[HTTP] = aiohttp.ClientSession()
    app[RASA] = RasaClient(app[HTTP], settings.rasa_urls, app[SECRETS]["rasa_token"])
    yield
    await app[HTTP].close()
    app[DATABASE].close()


def create_app(settings: Settings, chat_limits: Optional[ChatRateLimits] = None) -> web.Application:
    """The app for `settings`; migrations are the caller's job (bot.migrations.migrate)."""
    app = web.Application(
        client_max_size=MAX_BODY_BYTES,
        # Request bodies are never inflated by the parser (bot/request_bodies.py says why).
        handler_args={"auto_decompress": False},
        middlewares=[
            request_log_middleware,
            cors_middleware,
            security_headers_middleware,
            error_middleware,
            request_body_middleware,
        ],
    )
    app[SETTINGS] = settings
    app[TRUSTED_PROXIES] = settings.trusted_proxies
    app[SECRETS] = load_secrets(settings.var_dir)
    app[CHAT_SESSIONS] = ChatSessions(app[SECRETS]["gateway_key"])
    app[CHAT_LIMITS] = chat_limits or ChatRateLimits(
        ChatLimits() if settings.chat_rate_limits else UNLIMITED
    )
    aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(str(TEMPLATES_DIR)), autoescape=True)
    add_routes(app)
    setup_staff(app)
    setup_live(app)  # after setup_staff: its /staff/live routes use the console's middlewares
    app.cleanup_ctx.append(_connections)
    setup_notifications(app)  # after _connections: the sender uses app[DATABASE]
    return app
