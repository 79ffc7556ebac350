"""The notifications page (administrators only): what was emailed to staff, what waits, what failed and why."""

from __future__ import annotations

from aiohttp import web

from bot.app_state import SETTINGS
from bot.notifications.messages import console_path
from bot.staff import audit
from bot.staff.keys import DB, client_ip, now
from bot.staff.listing import page_number
from bot.staff.rendering import render
from bot.staff.sessions import require_admin
from bot.storage import notification_outbox as outbox

PER_PAGE = 100


async def notifications_page(request: web.Request) -> web.Response:
    require_admin(request)
    status = request.query.get("status", "")
    if status not in outbox.STATUSES:
        status = ""
    page = page_number(request)
    db = request.config_dict[DB]
    rows, total = await db.run(outbox.list_notifications, status, page, PER_PAGE)
    for row in rows:
        row["path"] = console_path(request.app.router, row)
    settings = request.config_dict.get(SETTINGS)
    return await render(
        request,
        "notifications.html",
        {
            "rows": rows,
            "total": total,
            "page": page,
            "pages": max(1, -(-total // PER_PAGE)),
            "status": status,
            "statuses": outbox.STATUSES,
            "counts": await db.run(outbox.status_counts),
            "status_line": settings.notify.status_line() if settings else "",
            "retried": request.query.get("done") == "retry",
        },
    )


async def retry(request: web.Request) -> web.Response:
    account = require_admin(request)
    try:
        row_id = int(request.match_info["notification_id"])
    except ValueError:
        raise web.HTTPNotFound()
    db = request.config_dict[DB]
    if not await db.run(outbox.requeue_failed, row_id, now(request)):
        raise web.HTTPConflict(text="Only a failed notification can be sent again.")
    await db.run(
        audit.record,
        account.username,
        "notification_retry",
        f"notification {row_id}",
        client_ip(request),
        now(request),
    )
    url = request.app.router["staff_notifications"].url_for().with_query(done="retry")
    raise web.HTTPSeeOther(str(url))
