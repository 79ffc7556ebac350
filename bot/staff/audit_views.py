"""The audit log page (administrators only)."""

from __future__ import annotations

from aiohttp import web

from bot.staff import audit
from bot.staff.keys import DB
from bot.staff.listing import page_number
from bot.staff.rendering import render
from bot.staff.sessions import require_admin

PER_PAGE = 100


async def audit_page(request: web.Request) -> web.Response:
    require_admin(request)
    actor = request.query.get("actor", "").strip().lower()
    action = request.query.get("action", "")
    if action not in audit.ACTIONS:
        action = ""
    page = page_number(request)
    entries, total = await request.config_dict[DB].run(
        lambda engine: audit.list_entries(
            engine, actor=actor, action=action, page=page, per_page=PER_PAGE
        )
    )
    return await render(
        request,
        "audit.html",
        {
            "entries": entries,
            "total": total,
            "page": page,
            "pages": max(1, -(-total // PER_PAGE)),
            "actor": actor,
            "action": action,
            "actions": audit.ACTIONS,
        },
    )
