"""The analytics page: conversations per day, booking funnel, FAQ topics, fallback rate, unanswered."""

from __future__ import annotations

from datetime import timedelta

from aiohttp import web

from bot.live.analytics import live_days
from bot.staff import audit, charts
from bot.staff.analytics import dashboard
from bot.staff.index_updater import INDEXER
from bot.staff.keys import ACCOUNT, DB, client_ip, now
from bot.staff.listing import parse_day, today
from bot.staff.rendering import render
from bot.staff.text_masking import mask_contact_details
from clinic.clock import clinic_zone

DEFAULT_DAYS = 30
MAX_DAYS = 366


def _percent(value: float) -> str:
    return f"{value * 100:.0f}%"


async def analytics_page(request: web.Request) -> web.Response:
    await request.config_dict[INDEXER].refresh()
    last = parse_day(request.query.get("to", "")) or today(request)
    first = parse_day(request.query.get("from", "")) or last - timedelta(days=DEFAULT_DAYS - 1)
    if first > last:
        first, last = last, first
    first = max(first, last - timedelta(days=MAX_DAYS - 1))
    db = request.config_dict[DB]
    data = await db.run(dashboard, first, last, clinic_zone())
    # The unanswered messages are what visitors wrote: contact details masked, the read audited.
    unanswered = [(mask_contact_details(text), n) for text, n in data.unanswered]
    period = f"{first.isoformat()}..{last.isoformat()}"
    account = request[ACCOUNT].username
    await db.run(audit.record, account, "analytics_view", period, client_ip(request), now(request))
    live = await db.run(live_days, first, last, clinic_zone())
    label = (
        (lambda d: d.strftime("%b %d"))
        if (last - first).days < 92
        else (lambda d: d.strftime("%Y-%m-%d"))
    )
    rates = [(label(d.day), d.fallback_rate) for d in data.days]
    return await render(
        request,
        "analytics.html",
        {
            "form": {"from": first.isoformat(), "to": last.isoformat()},
            "data": data,
            "per_day": charts.column_chart(
                [(label(d.day), d.conversations) for d in data.days], "Conversations per day"
            ),
            "funnel": charts.bar_list(data.funnel, "Booking funnel"),
            "topics": charts.bar_list(data.topics, "Top FAQ topics"),
            "fallback": charts.line_chart(
                rates,
                "Fallback rate per day",
                fmt=_percent,
                top=min(1.0, charts.axis_top(max((r or 0 for _, r in rates), default=0) or 0.2)),
            ),
            "unanswered": charts.bar_list(
                unanswered, "Most frequent unanswered messages", label_width=320
            ),
            "live_days": [
                (d, "—" if d.needed_person is None else _percent(d.needed_person)) for d in live
            ],
            "fallback_rate": _percent(data.fallback_rate)
            if data.fallback_rate is not None
            else "—",
        },
    )
