"""The gateway's HTTP contract played by a script, for the widget's own behaviour.

The widget's escaping, retries, history and layout are tested against the real demo page
and widget files, with /api/chat and /api/chat/history answered here through Playwright's
request routing, so failures (a dropped connection, a 429, a bot message full of HTML)
can be produced on demand. GET /api/clinic and /widget.js are the app's real views. The whole real stack
is exercised by test_widget_live.py.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

import jinja2

from bot.pages import STATIC_DIR, TEMPLATES_DIR, render_widget_script
from clinic.profile import load_profile

CONTENT_TYPES = {".js": "application/javascript", ".css": "text/css", ".html": "text/html"}


def render_demo_page() -> str:
    # Same settings as aiohttp_jinja2.setup (autoescape on).
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES_DIR)), autoescape=True)
    return env.get_template("demo.html").render(clinic=load_profile())


def clinic_endpoint_body() -> bytes:
    """The real GET /api/clinic answer, from the app's own view.

    Run on a thread with its own event loop: Playwright's sync API owns this thread's loop.
    """
    from bot.api.clinic import clinic_facts

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, clinic_facts(None)).result().body


class ScriptedGateway:
    """Plays POST /api/chat, GET /api/chat/history and GET /api/clinic for one browser context."""

    ORIGIN = "http://clinic.test"

    def __init__(self) -> None:
        self.chat_messages: list = []  # what the widget POSTed, in order
        self.replies: list = []  # queued answers: a JSON body dict, or callable(route, message)
        self.history: list = []  # what GET /api/chat/history returns; grows with each answer
        self.pages: dict = {}  # extra HTML pages by path
        self.chat_down = False  # /api/chat and history: connection refused
        self.api_down = False  # every /api/ endpoint: connection refused
        self.raw_widget = (
            False  # /widget.js as the repository file: a site's own copy, no clinic facts
        )
        self.foreign_requests: list = []
        self.clock = 1_700_000_000.0

    def attach(self, context) -> None:
        context.route("**/*", self._handle)

    def queue(self, *replies) -> None:
        self.replies.extend(replies)

    def record(self, sender: str, text: str, buttons=None) -> None:
        self.clock += 5
        entry = {"sender": sender, "text": text, "timestamp": self.clock}
        if buttons:
            entry["buttons"] = buttons
        self.history.append(entry)

    def _handle(self, route, request) -> None:
        url = request.url
        if not url.startswith(self.ORIGIN + "/"):
            self.foreign_requests.append(url)
            route.abort("blockedbyclient")
            return
        path = url[len(self.ORIGIN) :].split("?")[0]
        if path == "/":
            route.fulfill(body=render_demo_page(), content_type="text/html")
        elif path in self.pages:
            route.fulfill(body=self.pages[path], content_type="text/html")
        elif path == "/widget.js" and not self.raw_widget:
            route.fulfill(body=render_widget_script(), content_type="application/javascript")
        elif path == "/widget.js" or path.startswith("/static/"):
            file = STATIC_DIR / path.rsplit("/", 1)[-1]
            if file.is_file():
                route.fulfill(path=file, content_type=CONTENT_TYPES[file.suffix])
            else:
                route.fulfill(status=404, body="not found")
        elif path.startswith("/api/") and (
            self.api_down or (self.chat_down and path.startswith("/api/chat"))
        ):
            route.abort("connectionrefused")
        elif path == "/api/clinic":
            route.fulfill(body=clinic_endpoint_body(), content_type="application/json")
        elif path == "/api/chat/history":
            route.fulfill(json={"messages": self.history})
        elif path == "/api/chat" and request.method == "POST":
            message = request.post_data_json["message"]
            self.chat_messages.append(message)
            reply = self.replies.pop(0) if self.replies else self.echo(message)
            if callable(reply):
                reply(route, message)
            else:
                self.answer(route, message, reply)
        else:
            route.fulfill(status=404, json={"error": "not found"})

    @staticmethod
    def echo(message: str) -> dict:
        return {"messages": [{"text": f"Echo: {message}"}]}

    def answer(self, route, message: str, body: dict) -> None:
        """Fulfil a chat request the way the gateway does, and remember it for history."""
        self.record("visitor", message)
        for bot in body["messages"]:
            self.record("bot", bot.get("text", ""), bot.get("buttons"))
        route.fulfill(json=body)
