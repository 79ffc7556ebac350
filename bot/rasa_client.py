"""Talks to the Rasa servers for the gateway: the REST channel and the tracker API.

Replies are reduced to what the widget renders: text and buttons ({"title", "payload"}).

With several Rasa servers (production, issue 8) each conversation prefers one of them
(rendezvous hashing, so the load spreads and stays put while all are up) and moves to the
next when its server cannot be reached. Any server can take over any conversation: the
tracker lives in the shared database and Rasa's lock store (Redis) serialises its turns.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import time
from typing import Any, Dict, List, Optional, Sequence, Set, Union

import aiohttp

from clinic.clock import utc_from_epoch
from clinic.live_chat import METADATA_KEY, STAFF

logger = logging.getLogger("bot.rasa_client")

# connect: a server that is gone (not just refusing) must not eat the whole turn's budget;
# aiohttp reports it as ServerTimeoutError, so it is told apart from a slow turn.
SEND_TIMEOUT = aiohttp.ClientTimeout(total=30, connect=3)  # a turn may wait on the action server
HISTORY_TIMEOUT = aiohttp.ClientTimeout(total=10, connect=3)
DOWN_FOR_S = 5.0  # after a failed connection, try that server last for this long


class RasaUnavailable(Exception):
    """Rasa did not answer, or answered with an error."""


class _Unreachable(Exception):
    """The request never reached a working Rasa: another server may take it."""


def preferred_order(sender: str, base_urls: Sequence[str]) -> List[str]:
    """The servers in the order this conversation tries them (rendezvous hashing).

    Stable for a conversation as long as the list is; removing a server moves only its own
    conversations.
    """

    def weight(url: str) -> bytes:
        return hashlib.sha256(f"{url}\n{sender}".encode()).digest()

    return sorted(base_urls, key=weight, reverse=True)


class RasaClient:
    def __init__(
        self, http: aiohttp.ClientSession, base_urls: Union[str, Sequence[str]], token: str
    ) -> None:
        urls = [base_urls] if isinstance(base_urls, str) else list(base_urls)
        if not urls:
            raise ValueError("at least one Rasa server URL is needed")
        self._http, self._bases, self._token = http, [u.rstrip("/") for u in urls], token
        self._down_until: Dict[str, float] = {}

    async def send(
        self, sender: str, text: str, metadata: Optional[Dict[str, str]] = None
    ) -> List[dict]:
        """One visitor message through Rasa's REST channel; the bot's replies. `metadata`
        (e.g. the widget's language choice) reaches the NLU pipeline and session start."""
        body: Dict[str, Any] = {"sender": sender, "message": text}
        if metadata:
            body["metadata"] = metadata
        payload = await self._json(
            sender, "POST", "/webhooks/rest/webhook", SEND_TIMEOUT, json=body
        )
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

    async def events(self, sender: str) -> List[dict]:
        """The conversation's tracker events (since its last restart), oldest first."""
        return await self._events(sender)

    async def append_events(self, sender: str, events: List[dict]) -> None:
        """Add events to the conversation's tracker (stored like Rasa's own, under its lock).

        Live chat writes staff messages and pause/resume this way (issue 20).
        """
        await self._json(
            sender,
            "POST",
            f"/conversations/{sender}/tracker/events",
            HISTORY_TIMEOUT,
            params={"token": self._token},
            json=events,
        )

    async def _events(self, sender: str) -> List[dict]:
        tracker = await self._json(
            sender,
            "GET",
            f"/conversations/{sender}/tracker",
            HISTORY_TIMEOUT,
        )
        if not isinstance(tracker, dict):
            raise RasaUnavailable("unexpected tracker answer")
        return [e for e in tracker.get("events") or [] if isinstance(e, dict)]

    def _order(self, sender: str) -> List[str]:
        """The conversation's preferred order, servers that just failed last."""
        now = time.monotonic()
        order = preferred_order(sender, self._bases)
        return sorted(order, key=lambda url: self._down_until.get(url, 0.0) > now)

    async def _json(
        self, sender: str, method: str, path: str, timeout: aiohttp.ClientTimeout, **kwargs: Any
    ) -> Any:
        last: Optional[_Unreachable] = None
        for base in self._order(sender):
            try:
                answer = await self._request(method, base + path, timeout, **kwargs)
            except _Unreachable as exc:
                self._down_until[base] = time.monotonic() + DOWN_FOR_S
                if len(self._bases) > 1:
                    logger.warning("rasa server unreachable (%s), trying the next one", exc)
                last = exc
                continue
            self._down_until.pop(base, None)
            return answer
        raise RasaUnavailable(str(last)) from last

    async def _request(
        self, method: str, url: str, timeout: aiohttp.ClientTimeout, **kwargs: Any
    ) -> Any:
        # The token in a header, never the query string (those end up in access logs).
        headers = {"Authorization": f"Bearer {self._token}"}
        try:
            async with self._http.request(
                method, url, timeout=timeout, headers=headers, **kwargs
            ) as response:
                if response.status != 200:
                    raise RasaUnavailable(f"HTTP {response.status}")
                return await response.json(content_type=None)
        # Refused, reset or dropped: Rasa stores a turn's events only at its end, so a turn cut
        # off here stored nothing and another server can take it (unless the server died in
        # the instant between storing and answering). A plain timeout is not retried: that
        # turn may still be running.
        except (
            aiohttp.ClientConnectorError,
            aiohttp.ServerDisconnectedError,
            aiohttp.ClientOSError,
            aiohttp.ServerTimeoutError,
        ) as exc:
            raise _Unreachable(type(exc).__name__) from exc
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
    moment = utc_from_epoch(value)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def history_messages(events: List[dict]) -> List[dict]:
    """User and bot events as {"sender", "text", "buttons", "timestamp"}; a live-chat
    message from staff has sender "staff" and the staff member's display "name".

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
                {
                    "sender": "visitor",
                    "text": offered.get(text, text),
                    "buttons": [],
                    "timestamp": stamp,
                }
            )
            offered = {}
        elif kind == "bot" and staff_name(event):
            messages.append(
                {
                    "sender": "staff",
                    "name": staff_name(event),
                    "text": text or "",
                    "buttons": [],
                    "timestamp": stamp,
                }
            )
        elif kind == "bot":
            buttons = _buttons((event.get("data") or {}).get("buttons"))
            if buttons:
                offered = {b["payload"]: b["title"] for b in buttons}
                messages.append(
                    {"sender": "bot", "text": text or "", "buttons": buttons, "timestamp": stamp}
                )
            elif text:
                for part in text.strip().split("\n\n"):
                    messages.append(
                        {"sender": "bot", "text": part, "buttons": [], "timestamp": stamp}
                    )
    return messages


def staff_name(event: dict) -> Optional[str]:
    """The display name on a message a member of staff wrote in a live chat; else None."""
    live = (event.get("metadata") or {}).get(METADATA_KEY)
    if isinstance(live, dict) and live.get("kind") == STAFF:
        return str(live.get("name") or "Staff")
    return None


def offered_payloads(events: List[dict]) -> Set[str]:
    offered: Set[str] = set()
    for event in reversed(events):
        if event.get("event") == "user":
            break
        if event.get("event") == "bot":
            offered.update(b["payload"] for b in _buttons((event.get("data") or {}).get("buttons")))
    return offered
