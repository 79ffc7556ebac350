"""The demo page (the clinic's article with the widget) and the widget script."""

from __future__ import annotations

import json
from pathlib import Path

import aiohttp_jinja2
from aiohttp import web

from bot.api.clinic import public_facts
from clinic.profile import load_profile

BOT_DIR = Path(__file__).resolve().parent
STATIC_DIR = BOT_DIR / "static"
TEMPLATES_DIR = BOT_DIR / "templates"


async def demo_page(request: web.Request) -> web.Response:
    return aiohttp_jinja2.render_template("demo.html", request, {"clinic": load_profile()})


# Where widget.js receives the clinic's public facts as the app serves it, so "Get help
# now" has the crisis lines even if the widget's own /api/clinic request fails.
CLINIC_FACTS_SLOT = "/*@clinic-facts@*/null"


def render_widget_script() -> str:
    source = (STATIC_DIR / "widget.js").read_text(encoding="utf-8")
    return source.replace(CLINIC_FACTS_SLOT, json.dumps(public_facts()), 1)


async def widget_script(request: web.Request) -> web.Response:
    # One stable URL for the embed tag: <script src="https://<app>/widget.js">.
    return web.Response(
        text=render_widget_script(),
        content_type="application/javascript",
        headers={"Cache-Control": "no-cache"},
    )


# The files under /static/, each by name (no directory handler; bot/app.py says why).
STATIC_FILES = {
    "demo.css": "text/css",
    "widget.css": "text/css",
    "widget.js": "application/javascript",  # the raw file; embed /widget.js instead
    "live.js": "application/javascript",  # the console's live chat page (bot/live/)
}


def static_file(name: str):
    """The view serving one of STATIC_FILES (the console's staff.css has its own route)."""
    path, content_type = STATIC_DIR / name, STATIC_FILES[name]

    async def view(request: web.Request) -> web.FileResponse:
        return web.FileResponse(path, headers={"Content-Type": content_type})

    return view
