"""The staff console, mounted at /staff on the app with one call: `setup_staff(app)`.

Its routes live on the app's own router (names start with `staff_`), and its middlewares
(no-store, session cookie, log-in, CSRF) run for /staff paths only. Not an aiohttp
sub-application: with aiohttp 3.9.5 and yarl >= 1.13 a sub-application cannot be routed
when the Host header carries a port (aio-libs/aiohttp#9435).
"""

from __future__ import annotations

import functools
import time
from pathlib import Path
from typing import Callable

from aiohttp import web
from aiohttp_session import session_middleware

from bot.app_state import DATABASE, SECRETS, SETTINGS
from bot.notifications.sender import wanted
from bot.security_headers import CONSOLE_CSP
from bot.staff import (
    account_views,
    analytics_views,
    audit_views,
    conversation_views,
    login_views,
    notification_views,
    request_views,
)
from bot.staff.csrf import check_csrf
from bot.staff.index_updater import INDEXER, IndexUpdater, run_indexer
from bot.staff.keys import CLOCK
from bot.staff.password_checks import PASSWORD_CHECKS, PasswordChecks
from bot.staff.rendering import setup_templates
from bot.staff.sessions import StaffCookieStorage, require_login
from bot.storage.notification_outbox import CRISIS

PREFIX = "/staff"
STAFF_CSS = Path(__file__).resolve().parent.parent / "static" / "staff.css"


def is_console_path(path: str) -> bool:
    return path.startswith(PREFIX + "/")  # the bare /staff only redirects here


@web.middleware
async def private_pages(request: web.Request, handler):
    """Pages carry patient data: never cached, never framed."""
    try:
        response = await handler(request)
    except web.HTTPException as exc:
        response = exc
    if request.match_info.route.name != "staff_css":
        response.headers["Cache-Control"] = "no-store"
    response.headers.setdefault("X-Frame-Options", "DENY")
    if response.content_type == "text/html":
        response.headers.setdefault("Content-Security-Policy", CONSOLE_CSP)
    if isinstance(response, web.HTTPException):
        raise response
    return response


def console_middleware(session_secret: str):
    chain = [
        private_pages,
        session_middleware(StaffCookieStorage(session_secret)),
        require_login,
        check_csrf,
    ]

    @web.middleware
    async def staff_console(request: web.Request, handler):
        if not is_console_path(request.path):
            return await handler(request)
        for middleware in reversed(chain):
            handler = functools.partial(middleware, handler=handler)
        return await handler(request)

    return staff_console


async def staff_css(request: web.Request) -> web.FileResponse:
    return web.FileResponse(STAFF_CSS)


async def home(request: web.Request) -> web.Response:
    raise web.HTTPSeeOther(str(request.app.router["staff_requests"].url_for()))


async def bare_prefix(request: web.Request) -> web.Response:
    raise web.HTTPPermanentRedirect(PREFIX + "/")


def add_routes(router: web.UrlDispatcher) -> None:
    p = PREFIX
    router.add_get(p, bare_prefix)
    router.add_get(p + "/", home, name="staff_home")
    router.add_get(p + "/staff.css", staff_css, name="staff_css")
    login = router.add_resource(p + "/login", name="staff_login")
    login.add_route("GET", login_views.login_page)
    login.add_route("POST", login_views.login_submit)
    router.add_post(p + "/logout", login_views.logout, name="staff_logout")
    router.add_get(p + "/requests", request_views.requests_page, name="staff_requests")
    router.add_get(p + "/requests/{request_id}", request_views.request_page, name="staff_request")
    router.add_post(
        p + "/requests/{request_id}/status",
        request_views.request_status,
        name="staff_request_status",
    )
    router.add_post(
        p + "/requests/{request_id}/notes", request_views.request_note, name="staff_request_note"
    )
    conversation = p + "/conversations/{sender_id}"
    router.add_get(
        p + "/conversations", conversation_views.conversations_page, name="staff_conversations"
    )
    router.add_post(
        p + "/conversations/search",
        conversation_views.search_submit,
        name="staff_conversation_search",
    )
    router.add_get(conversation, conversation_views.transcript_page, name="staff_conversation")
    router.add_post(
        conversation + "/review", conversation_views.review, name="staff_conversation_review"
    )
    router.add_post(
        conversation + "/tags", conversation_views.set_tags, name="staff_conversation_tags"
    )
    router.add_post(
        conversation + "/events/{event_id}",
        conversation_views.correct_turn,
        name="staff_correction",
    )
    router.add_get(
        conversation + "/export.json",
        conversation_views.export_transcript,
        name="staff_export_json",
    )
    router.add_get(
        conversation + "/story.yml", conversation_views.export_story, name="staff_export_story"
    )
    router.add_get(p + "/exports/nlu.yml", conversation_views.export_nlu, name="staff_export_nlu")
    router.add_get(
        p + "/exports/stories.yml", conversation_views.export_stories, name="staff_export_stories"
    )
    router.add_get(p + "/analytics", analytics_views.analytics_page, name="staff_analytics")
    router.add_get(p + "/audit", audit_views.audit_page, name="staff_audit")
    router.add_get(p + "/accounts", account_views.accounts_page, name="staff_accounts")
    router.add_post(
        p + "/accounts/{username}/{action}",
        account_views.change_account,
        name="staff_account_change",
    )
    router.add_get(
        p + "/notifications", notification_views.notifications_page, name="staff_notifications"
    )
    router.add_post(
        p + "/notifications/{notification_id}/retry",
        notification_views.retry,
        name="staff_notification_retry",
    )


def setup_staff(app: web.Application, clock: Callable[[], float] = time.time) -> None:
    """Mount the console at /staff. Needs app[SECRETS] now and app[DATABASE] once started.

    `clock` is replaceable for tests of the time limits.
    """
    app[CLOCK] = clock
    app[PASSWORD_CHECKS] = PasswordChecks()
    settings = app.get(SETTINGS)  # absent when the console is mounted alone (its own tests)
    crisis_notices = settings is not None and wanted(settings.notify, CRISIS)
    app[INDEXER] = IndexUpdater(lambda: app[DATABASE], crisis_notices=crisis_notices)
    app.cleanup_ctx.append(run_indexer)
    app.middlewares.append(console_middleware(app[SECRETS]["staff_session_key"]))
    setup_templates(app)
    add_routes(app.router)
