"""The demo page (the clinic's article with the widget) and the widget script."""
from __future__ import annotations

from pathlib import Path

import aiohttp_jinja2
from aiohttp import web

from actions.clinic_profile import load_profile

BOT_DIR = Path(__file__).resolve().parent
STATIC_DIR = BOT_DIR / "static"
TEMPLATES_DIR = BOT_DIR / "templates"


async def demo_page(request: web.Request) -> web.Response:
    return aiohttp_jinja2.render_template("demo.html", request, {"clinic": load_profile()})


async def widget_script(request: web.Request) -> web.FileResponse:
    # One stable URL for the embed tag: <script src="https://<app>/widget.js">.
    path = STATIC_DIR / "widget.js"
    if not path.is_file():
        raise web.HTTPNotFound()
    return web.FileResponse(path, headers={"Cache-Control": "no-cache"})
