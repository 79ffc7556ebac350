"""GET /api/clinic: the public clinic facts the widget shows even when the assistant is down."""

from __future__ import annotations

from aiohttp import web

from clinic.profile import load_profile

# The crisis lines themselves (the "Get help now" panel), not the conversational wording around them.
CRISIS_LINES = ("emergency", "lifeline", "text_line", "spanish", "not_monitored")


def public_facts() -> dict:
    """What the widget may show anyone: also written into widget.js itself (bot/pages.py)."""
    p = load_profile()
    return {
        "name": p.name,
        "website": p.website,
        "phone": p.phone,
        "hours": p.hours,
        "privacy_url": p.privacy_url,
        "locations": p.locations,
        "crisis": {
            **{k: getattr(p.crisis, k) for k in CRISIS_LINES if getattr(p.crisis, k, None)},
            # Danger from someone else (issue 17): the DV hotline is one tap away too.
            "dv_hotline": p.crisis.others_danger.hotline,
        },
        # The same lines with their Spanish options, for the widget in Spanish (issue 19).
        "crisis_es": {
            "emergency": p.spanish.crisis.emergency,
            "lifeline": p.crisis.spanish,
            "text_line": p.spanish.crisis.text_line,
            "not_monitored": p.spanish.crisis.not_monitored,
            "dv_hotline": p.crisis.others_danger.spanish,
        },
        # The published safety protocol (bot/pages.py), on the app's own origin.
        "safety_page": "/safety",
    }


async def clinic_facts(request: web.Request) -> web.Response:
    return web.json_response(public_facts())
