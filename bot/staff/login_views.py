"""Log-in and log-out pages."""

from __future__ import annotations

from aiohttp import web
from aiohttp_session import get_session

from bot.app_state import SETTINGS
from bot.staff import audit
from bot.staff.accounts import end_all_sessions, log_in
from bot.staff.keys import ACCOUNT, DB, client_ip, now
from bot.staff.password_checks import PASSWORD_CHECKS
from bot.staff.rendering import render
from bot.staff.sessions import start_session

REASONS = {
    "idle": "You were logged off after 15 minutes without activity. Please log in again.",
    "expired": "Your session has ended. Please log in again.",
    "ended": "You were logged off. Please log in again.",
}
# One answer for every refusal: wrong name, wrong password, wrong code, disabled account,
# too many attempts. Which it was is in the audit log, for administrators, not on the page
# (that would confirm usernames to whoever is guessing).
FAILED = (
    "Log-in failed. Check your username, password and code (if you use one). After several"
    " failed attempts, wait a few minutes before trying again."
)
AUDIT_ACTIONS = {
    "wrong": "login_failed",
    "slowed": "login_slowed",
    "rate_limited": "login_rate_limited",
    "disabled": "login_disabled",
    "second_factor": "login_second_factor",
    "second_factor_missing": "login_second_factor",
    "busy": "login_busy",
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
    code = str(form.get("code", ""))[:16]
    db, ip = request.config_dict[DB], client_ip(request)
    settings = request.config_dict.get(SETTINGS)
    totp_for_admins = settings.staff_totp_for_admins if settings else False
    result = await request.config_dict[PASSWORD_CHECKS].run(
        lambda: db.run(log_in, username, password, ip, now(request), code, totp_for_admins)
    )
    outcome = result.outcome if result else "busy"
    if outcome == "ok":
        await start_session(request, result.account)
        await db.run(audit.record, result.account.username, "login", None, ip, now(request))
        raise web.HTTPSeeOther(safe_next(str(form.get("next", ""))))
    actor = username.strip().lower() or None
    await db.run(audit.record, actor, AUDIT_ACTIONS[outcome], None, ip, now(request))
    return await render(
        request,
        "login.html",
        {
            "notice": "",
            "error": FAILED,
            "next": safe_next(str(form.get("next", ""))),
            "username": username,
        },
        status=401,
    )


async def logout(request: web.Request) -> web.Response:
    account = request[ACCOUNT]
    db = request.config_dict[DB]
    # Ends this account's sessions everywhere, so a copied cookie is useless afterwards.
    await db.run(end_all_sessions, account.id)
    await db.run(audit.record, account.username, "logout", None, client_ip(request), now(request))
    (await get_session(request)).invalidate()
    raise web.HTTPSeeOther(str(request.app.router["staff_login"].url_for()))
