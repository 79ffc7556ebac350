"""Requests pages: the list with filters, one request with its status, notes and history."""

from __future__ import annotations

from aiohttp import web

from bot.staff import appointment_followup as followup
from bot.staff import audit
from bot.staff.keys import ACCOUNT, DB, client_ip, now
from bot.staff.listing import day_end, day_start, page_number, parse_day
from bot.staff.rendering import render
from clinic.appointment_contract import KINDS, LANGUAGES
from clinic.profile import load_profile

PER_PAGE = 50
NOTICES = {
    "status": "Status changed.",
    "note": "Note added.",
    "conflict": "Someone else changed this request's status meanwhile: check the history and try again.",
}


def _filters(request: web.Request) -> tuple[followup.RequestFilters, dict]:
    q = request.query
    status = q.get("status", "") if q.get("status", "") in followup.STATUSES else ""
    kind = q.get("kind", "") if q.get("kind", "") in KINDS else ""
    language = q.get("language", "") if q.get("language", "") in LANGUAGES else ""
    first, last = parse_day(q.get("from", "")), parse_day(q.get("to", ""))
    filters = followup.RequestFilters(
        status=status,
        kind=kind,
        location=q.get("location", "").strip()[:100],
        language=language,
        created_from=day_start(first) if first else None,
        created_to=day_end(last) if last else None,
    )
    form = {
        "status": status,
        "kind": kind,
        "location": filters.location,
        "language": language,
        "from": first.isoformat() if first else "",
        "to": last.isoformat() if last else "",
    }
    return filters, form


async def requests_page(request: web.Request) -> web.Response:
    filters, form = _filters(request)
    page = page_number(request)
    db, account = request.config_dict[DB], request[ACCOUNT]
    rows, total = await db.run(followup.list_requests, filters, page, PER_PAGE)
    locations = sorted(
        set(load_profile().booking_locations) | set(await db.run(followup.known_locations))
    )
    await db.run(
        audit.record,
        account.username,
        "request_list",
        f"page {page}",
        client_ip(request),
        now(request),
    )
    return await render(
        request,
        "requests.html",
        {
            "rows": rows,
            "total": total,
            "page": page,
            "pages": max(1, -(-total // PER_PAGE)),
            "form": form,
            "statuses": followup.STATUSES,
            "kinds": KINDS,
            "locations": locations,
        },
    )


def _request_id(request: web.Request) -> int:
    try:
        return int(request.match_info["request_id"])
    except ValueError:
        raise web.HTTPNotFound()


async def request_page(request: web.Request) -> web.Response:
    db, account = request.config_dict[DB], request[ACCOUNT]
    row = await db.run(followup.get_request, _request_id(request))
    if row is None:
        raise web.HTTPNotFound(text="No such request.")
    await db.run(
        audit.record,
        account.username,
        "request_view",
        row["reference"],
        client_ip(request),
        now(request),
    )
    return await render(
        request,
        "request.html",
        {
            "r": row,
            "next_statuses": followup.TRANSITIONS[row["status"]]
            if row["status"] in followup.TRANSITIONS
            else (),
            "notice": NOTICES.get(request.query.get("done", ""), ""),
        },
    )


def _back(request: web.Request, done: str) -> web.HTTPSeeOther:
    url = request.app.router["staff_request"].url_for(request_id=request.match_info["request_id"])
    return web.HTTPSeeOther(str(url.with_query(done=done)))


async def request_status(request: web.Request) -> web.Response:
    form = await request.post()
    request_id = _request_id(request)
    try:
        await request.config_dict[DB].run(
            followup.change_status,
            request_id,
            str(form.get("expected", "")),
            str(form.get("status", "")),
            request[ACCOUNT].username,
            client_ip(request),
            now(request),
        )
    except followup.StatusConflict:
        raise _back(request, "conflict")
    except LookupError:
        raise web.HTTPNotFound(text="No such request.")
    except ValueError as exc:
        raise web.HTTPBadRequest(text=str(exc))
    raise _back(request, "status")


async def request_note(request: web.Request) -> web.Response:
    form = await request.post()
    try:
        found = await request.config_dict[DB].run(
            followup.add_note,
            _request_id(request),
            str(form.get("note", "")),
            request[ACCOUNT].username,
            client_ip(request),
            now(request),
        )
    except ValueError as exc:
        raise web.HTTPBadRequest(text=str(exc))
    if not found:
        raise web.HTTPNotFound(text="No such request.")
    raise _back(request, "note")
