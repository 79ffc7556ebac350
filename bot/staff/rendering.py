"""Page rendering: Jinja2 templates under bot/templates/staff with the console's common context."""
from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlencode
from typing import Any, Mapping, Optional, Union
from zoneinfo import ZoneInfo

import aiohttp_jinja2
import jinja2
import tzlocal
from aiohttp import web

from actions.clinic_profile import load_profile
from bot.app_state import SETTINGS
from bot.notifications.new_requests import NEW_STATUS, new_request_counts
from bot.staff.csrf import session_token
from bot.staff.keys import ACCOUNT, DB

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates"
TEMPLATES = web.AppKey("staff_templates", jinja2.Environment)
# Navigation: (route name, label, administrators only).
NAV = [
    ("staff_requests", "Requests", False),
    ("staff_conversations", "Conversations", False),
    ("staff_analytics", "Analytics", False),
    ("staff_audit", "Audit log", True),
    ("staff_notifications", "Notifications", True),
]


def display_zone() -> ZoneInfo:
    """The clinic's time zone (clinic.yml `timezone`, when set), else the server's."""
    name = getattr(load_profile(), "timezone", None)
    return ZoneInfo(name) if name else tzlocal.get_localzone()


def local_time(value: Union[None, float, datetime], fmt: str = "%Y-%m-%d %H:%M") -> str:
    """Epoch seconds (Rasa's timestamps) or UTC datetimes, shown in the clinic's zone."""
    if value is None:
        return ""
    if isinstance(value, (int, float)):
        value = datetime.fromtimestamp(value, timezone.utc)
    elif value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.astimezone(display_zone()).strftime(fmt)


def setup_templates(app: web.Application) -> None:
    aiohttp_jinja2.setup(
        app,
        app_key=TEMPLATES,
        loader=jinja2.FileSystemLoader(str(TEMPLATES_DIR)),
        autoescape=jinja2.select_autoescape(default=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        filters={"local_time": local_time},
    )


async def render(request: web.Request, name: str, context: Optional[Mapping[str, Any]] = None,
                 status: int = 200) -> web.Response:
    account = request.get(ACCOUNT)
    routes = request.app.router.named_resources()
    nav = [
        (name, label, str(routes[name].url_for()))
        for name, label, admin_only in NAV
        if name in routes and account and (account.is_admin or not admin_only)
    ]
    settings = request.config_dict.get(SETTINGS)  # absent when the console is mounted alone (its own tests)
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
