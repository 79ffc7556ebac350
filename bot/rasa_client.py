"""Talks to the Rasa server for the gateway: the REST channel and the tracker API.

Replies are reduced to what the widget renders: text and buttons ({"title", "payload"}).
"""
from __future__ import annotations

import asyncio
from datetime import datetime, timezone
from typing import Any, Dict, List, Optional, Set

import aiohttp

SEND_TIMEOUT = aiohttp.ClientTimeout(total=30)  # a turn may wait on the action server
HISTORY_TIMEOUT = aiohttp.ClientTimeout(total=10)


class RasaUnavailable(Exception):
    """Rasa did not answer, or answered with an error."""


class RasaClient:
    def __init__(self, http: aiohttp.ClientSession, base_url: str, token: str) -> None:
        self._http, self._base, self._token = http, base_url.rstrip("/"), token

    async def send(self, sender: str, text: str) -> List[dict]:
        """One visitor message through Rasa's REST channel; the bot's replies."""
        url = f"{self._base}/webhooks/rest/webhook"
        payload = await self._json("POST", url, SEND_TIMEOUT, json={"sender": sender, "message": text})
        if not isinstance(payload, list):
            raise RasaUnavailable("unexpected webhook answer")
        replies = [reply_message(raw) for raw in payload if isinstance(raw, dict)]
        return [reply for reply in replies if reply is not None]

    async def history(self, sender: str) -> List[dict]:
        """The conversation's visitor and bot messages, oldest first."""
        return history_messages(await self._events(sender))

    async def offered_payloads(self, sender: str) -> Set[str]:
        """Payloads of the buttons the bot showed since the visitor last spoke."""
        return offered_payloads(await self._events(sender))

    async def _events(self, sender: str) -> List[dict]:
        url = f"{self._base}/conversations/{sender}/tracker"
        tracker = await self._json("GET", url, HISTORY_TIMEOUT, params={"token": self._token})
        if not isinstance(tracker, dict):
            raise RasaUnavailable("unexpected tracker answer")
        return [e for e in tracker.get("events") or [] if isinstance(e, dict)]

    async def _json(self, method: str, url: str, timeout: aiohttp.ClientTimeout, **kwargs: Any) -> Any:
        try:
            async with self._http.request(method, url, timeout=timeout, **kwargs) as response:
                if response.status != 200:
                    raise RasaUnavailable(f"HTTP {response.status}")
                return await response.json(content_type=None)
        except (aiohttp.ClientError, asyncio.TimeoutError, ValueError) as exc:
            raise RasaUnavailable(type(exc).__name__) from exc


def _buttons(raw: Optional[list]) -> List[Dict[str, str]]:
    return [
        {"title": str(b.get("title", "")), "payload": str(b.get("payload", ""))}
        for b in raw or []
        if isinstance(b, dict)
    ]


def reply_message(raw: dict) -> Optional[dict]:
    """A REST-channel reply as the widget's message; None for kinds it does not render."""
    if raw.get("text") is None and not raw.get("buttons"):
        return None
    return {"text": raw.get("text") or "", "buttons": _buttons(raw.get("buttons"))}


def _timestamp(value: Any) -> Optional[str]:
    if not isinstance(value, (int, float)):
        return None
    moment = datetime.fromtimestamp(value, timezone.utc)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def history_messages(events: List[dict]) -> List[dict]:
    """User and bot events as {"sender", "text", "buttons", "timestamp"}.

    Bot texts are split the way Rasa's REST channel splits them live ("\\n\\n" without
    buttons), so a reload shows the same bubbles. A visitor's button click is stored as
    its payload; it is shown with the button's title, as it was when clicked.
    """
    messages: List[dict] = []
    offered: Dict[str, str] = {}  # payload -> title of the latest bot buttons
    for event in events:
        kind, text = event.get("event"), event.get("text")
        stamp = _timestamp(event.get("timestamp"))
        if kind == "user" and text is not None:
            messages.append(
                {"sender": "visitor", "text": offered.get(text, text), "buttons": [], "timestamp": stamp}
            )
            offered = {}
        elif kind == "bot":
            buttons = _buttons((event.get("data") or {}).get("buttons"))
            if buttons:
                offered = {b["payload"]: b["title"] for b in buttons}
                messages.append({"sender": "bot", "text": text or "", "buttons": buttons, "timestamp": stamp})
            elif text:
                for part in text.strip().split("\n\n"):
                    messages.append({"sender": "bot", "text": part, "buttons": [], "timestamp": stamp})
    return messages


def offered_payloads(events: List[dict]) -> Set[str]:
    offered: Set[str] = set()
    for event in reversed(events):
        if event.get("event") == "user":
            break
        if event.get("event") == "bot":
            offered.update(b["payload"] for b in _buttons((event.get("data") or {}).get("buttons")))
    return offered
