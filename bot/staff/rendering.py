"""Page rendering: Jinja2 templates under bot/templates/staff with the console's common context."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Mapping, Optional
from urllib.parse import urlencode

import aiohttp_jinja2
import jinja2
from aiohttp import web

from bot.app_state import SETTINGS
from bot.notifications.new_requests import NEW_STATUS, new_request_counts
from bot.staff.csrf import session_token
from bot.staff.keys import ACCOUNT, DB
from clinic.clock import Instant, clinic_time
from clinic.contact_fields import format_phone
from clinic.profile import load_profile

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates"
TEMPLATES = web.AppKey("staff_templates", jinja2.Environment)
# Navigation: (route name, label, administrators only).
NAV = [
    ("staff_requests", "Requests", False),
    ("staff_conversations", "Conversations", False),
    ("staff_live", "Live chat", False),
    ("staff_analytics", "Analytics", False),
    ("staff_audit", "Audit log", True),
    ("staff_notifications", "Notifications", True),
    ("staff_accounts", "Staff accounts", True),
]


def local_time(value: Instant, fmt: str = "%Y-%m-%d %H:%M") -> str:
    """Epoch seconds (Rasa's timestamps) or UTC datetimes, shown in the clinic's zone."""
    local = clinic_time(value)
    return local.strftime(fmt) if local else ""


def phone_for_people(e164: Optional[str]) -> str:
    return format_phone(e164) if e164 else ""


def setup_templates(app: web.Application) -> None:
    aiohttp_jinja2.setup(
        app,
        app_key=TEMPLATES,
        loader=jinja2.FileSystemLoader(str(TEMPLATES_DIR)),
        autoescape=jinja2.select_autoescape(default=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        filters={"local_time": local_time, "phone": phone_for_people},
    )


async def render(
    request: web.Request, name: str, context: Optional[Mapping[str, Any]] = None, status: int = 200
) -> web.Response:
    account = request.get(ACCOUNT)
    routes = request.app.router.named_resources()
    nav = [
        (name, label, str(routes[name].url_for()))
        for name, label, admin_only in NAV
        if name in routes and account and (account.is_admin or not admin_only)
    ]
    settings = request.config_dict.get(
        SETTINGS
    )  # absent when the console is mounted alone (its own tests)
    # No emails to staff: every page says how many requests wait, so none goes unseen.
    waiting = None
    if account and settings is not None and not settings.notify.enabled:
        counts = await request.config_dict[DB].run(new_request_counts)
        url = request.app.router["staff_requests"].url_for().with_query(status=NEW_STATUS)
        waiting = {"total": sum(n for _, n in counts), "counts": counts, "url": str(url)}
    base = {
        "account": account,
        "new_requests": waiting,
        "nav": nav,
        "query_with": lambda **changes: urlencode({**request.query, **changes}),
        "csrf_token": await session_token(request),
        "clinic_name": load_profile().name,
        "request_path": request.path,
    }
    return aiohttp_jinja2.render_template(
        f"staff/{name}", request, {**base, **(context or {})}, status=status, app_key=TEMPLATES
    )
