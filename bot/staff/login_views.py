"""Log-in and log-out pages."""

from __future__ import annotations

from aiohttp import web
from aiohttp_session import get_session

from bot.staff import audit
from bot.staff.accounts import LOCKOUT, end_all_sessions, log_in
from bot.staff.keys import ACCOUNT, DB, client_ip, now
from bot.staff.rendering import render
from bot.staff.sessions import start_session

REASONS = {
    "idle": "You were logged off after 15 minutes without activity. Please log in again.",
    "expired": "Your session has ended. Please log in again.",
    "ended": "You were logged off. Please log in again.",
}
FAILURES = {
    "wrong": (401, "Wrong username or password."),
    "locked": (
        403,
        f"Too many failed log-ins: this account is locked for {int(LOCKOUT.total_seconds() // 60)}"
        " minutes. Ask an administrator if you need access sooner.",
    ),
    "rate_limited": (
        429,
        "Too many failed log-ins from this network. Please wait 15 minutes and try again.",
    ),
}


def safe_next(value: str) -> str:
    """Only a console page of this site: never an open redirect to somewhere else."""
    if (
        value.startswith("/staff/")
        and not value.startswith("/staff/login")
        and "//" not in value
        and "\\" not in value
    ):
        return value
    return "/staff/requests"


async def login_page(request: web.Request) -> web.Response:
    return await render(
        request,
        "login.html",
        {
            "notice": REASONS.get(request.query.get("reason", ""), ""),
            "error": "",
            "next": safe_next(request.query.get("next", "")),
            "username": "",
        },
    )


async def login_submit(request: web.Request) -> web.Response:
    form = await request.post()
    username = str(form.get("username", ""))[:64]
    password = str(form.get("password", ""))
    db, ip = request.config_dict[DB], client_ip(request)
    result = await db.run(log_in, username, password, ip, now(request))
    if result.outcome == "ok":
        await start_session(request, result.account)
        await db.run(audit.record, result.account.username, "login", None, ip, now(request))
        raise web.HTTPSeeOther(safe_next(str(form.get("next", ""))))
    action = {
        "wrong": "login_failed",
        "locked": "login_locked",
        "rate_limited": "login_rate_limited",
    }[result.outcome]
    await db.run(audit.record, username.strip().lower() or None, action, None, ip, now(request))
    status, message = FAILURES[result.outcome]
    response = await render(
        request,
        "login.html",
        {
            "notice": "",
            "error": message,
            "next": safe_next(str(form.get("next", ""))),
            "username": username,
        },
        status=status,
    )
    if result.outcome == "rate_limited":
        response.headers["Retry-After"] = str(15 * 60)
    return response


async def logout(request: web.Request) -> web.Response:
    account = request[ACCOUNT]
    db = request.config_dict[DB]
    # Ends this account's sessions everywhere, so a copied cookie is useless afterwards.
    await db.run(end_all_sessions, account.id)
    await db.run(audit.record, account.username, "logout", None, client_ip(request), now(request))
    (await get_session(request)).invalidate()
    raise web.HTTPSeeOther(str(request.app.router["staff_login"].url_for()))
