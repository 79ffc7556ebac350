"""The "Staff accounts" page (administrators only): list, disable/enable, clear failed
log-ins, reset a password, change a role, turn the second factor on or off."""

from __future__ import annotations

from aiohttp import web

from bot.staff import account_admin
from bot.staff.accounts import ROLES, AccountError, list_accounts
from bot.staff.keys import DB, client_ip, now
from bot.staff.rendering import render
from bot.staff.sessions import require_admin

ACTIONS = ("disable", "enable", "unlock", "reset-password", "set-role", "totp-on", "totp-off")


async def _page(
    request: web.Request, *, message: str = "", error: str = "", secret=None, status=200
):
    rows = await request.config_dict[DB].run(list_accounts, now(request))
    return await render(
        request,
        "accounts.html",
        {
            "accounts": rows,
            "roles": ROLES,
            "message": message,
            "error": error,
            "secret": secret,
        },
        status=status,
    )


async def accounts_page(request: web.Request) -> web.Response:
    require_admin(request)
    return await _page(request)


async def change_account(request: web.Request) -> web.Response:
    admin = require_admin(request)
    action, username = request.match_info["action"], request.match_info["username"]
    if action not in ACTIONS:
        raise web.HTTPNotFound()
    form = await request.post()
    try:
        change = await request.config_dict[DB].run(
            lambda engine: account_admin.apply(
                engine,
                action,
                username,
                actor=admin.username,
                ip=client_ip(request),
                now=now(request),
                role=str(form.get("role", "")),
            )
        )
    except AccountError as exc:
        return await _page(request, error=str(exc), status=409)
    # Rendered, not redirected: a new password or TOTP secret is shown this once only.
    return await _page(request, message=change.message, secret=change.secret)
