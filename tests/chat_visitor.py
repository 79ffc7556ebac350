"""A scripted website visitor talking to the chat gateway over HTTP (no browser).

Shared by the production load/fault tests and the live-stack end-to-end tests.

Each Visitor has its own cookie jar, so the gateway gives it its own conversation, and
records what it sent and what it was shown. `book()` fills in the consultation request
the way the browser test's visitor does (tests/browser/test_widget_live.py): it reads
each question and clicks a button when one fits (sends its payload), else types.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import List, Optional, Tuple

import aiohttp

from bot.chat_session import COOKIE_NAME
from clinic.profile import ClinicProfile

REFERENCE = re.compile(r"\bNTX-[0-9A-HJKMNP-TV-Z]{5}\b")
MAX_BOOKING_TURNS = 20
TURN_TIMEOUT = aiohttp.ClientTimeout(total=60)


@dataclass(frozen=True)
class Person:
    name: str
    phone: str  # as typed
    phone_e164: str
    email: str
    time: str = "weekday mornings"


def person(number: int) -> Person:
    """A distinct made-up visitor (555-01xx numbers are reserved for fiction)."""
    first = [
        "Jordan",
        "Taylor",
        "Morgan",
        "Casey",
        "Riley",
        "Avery",
        "Quinn",
        "Jamie",
        "Skyler",
        "Reese",
    ]
    last = [
        "Rivera",
        "Nguyen",
        "Patel",
        "Brooks",
        "Garcia",
        "Kim",
        "Foster",
        "Hughes",
        "Ortiz",
        "Bennett",
    ]
    line = f"{number % 100:02d}"
    return Person(
        name=f"{first[number % 10]} {last[(number // 10) % 10]}",
        phone=f"214 555 01{line}",
        phone_e164=f"+121455501{line}",
        email=f"visitor{number}@example.com",
    )


class ChatFailed(AssertionError):
    def __init__(self, status: int, body: str) -> None:
        super().__init__(f"gateway answered HTTP {status}: {body[:200]}")
        self.status = status


def booking_answer(question: str, buttons: List[dict], profile: ClinicProfile, who: Person) -> str:
    """What the visitor sends for the bot's latest booking question: a button payload or text.

    The topic is read from the question's first sentence: later sentences often mention
    other fields ("...optional, since we have your phone number").
    """
    q = question.lower()
    topic = re.split(r"[?]", q, maxsplit=1)[0]

    def button(pattern: str) -> Optional[str]:
        for b in buttons:
            if re.search(pattern, b["title"], re.IGNORECASE):
                return b["payload"]
        return None

    def button_or(pattern: str, text: str) -> str:
        return button(pattern) or text

    if re.search(r"shall i send|here's your request|is this correct|look right", q):
        payload = button(r"^(send|yes|submit|confirm)")
        if payload is None:
            raise AssertionError(f"no send button for {question!r}: {buttons}")
        return payload
    if re.search(r"contact you|consent|agree", topic):
        return button_or(r"^(yes|i agree)", "yes, I agree")
    if "email" in topic:
        return who.email
    if "phone" in topic:
        return who.phone
    if "name" in topic:
        return who.name
    if "location" in topic or "office" in topic:
        town = profile.booking_locations[1]
        return button_or("^" + re.escape(town) + "$", town)
    if re.search(r"new patient|returning|seen at|been here", topic):
        return button_or(r"^new", "I'm a new patient")
    if re.search(r"reason|brings you", topic):
        reason = profile.visit_reasons[0]
        return button_or("^" + re.escape(reason), reason)
    if re.search(r"insurance|cover|pay", topic):
        return button_or(r"self.?pay", "self-pay")
    if re.search(r"\bwhen\b|\btime\b|\bday", topic):
        return who.time
    raise AssertionError(f"unexpected booking question: {question!r} (buttons {buttons})")


@dataclass
class Visitor:
    bot_url: str
    who: Person
    sent: List[str] = field(default_factory=list)  # every message the gateway accepted
    shown: List[str] = field(default_factory=list)  # every bot text the visitor was shown
    last: List[dict] = field(default_factory=list)  # the latest turn's messages

    def __post_init__(self) -> None:
        # unsafe=True: keep cookies set by an IP-address host (127.0.0.1).
        self.http = aiohttp.ClientSession(
            cookie_jar=aiohttp.CookieJar(unsafe=True), timeout=TURN_TIMEOUT
        )

    async def close(self) -> None:
        await self.http.close()

    @property
    def conversation_id(self) -> Optional[str]:
        """The Rasa conversation id: the first part of the gateway's signed session cookie."""
        for cookie in self.http.cookie_jar:
            if cookie.key == COOKIE_NAME:
                return cookie.value.split(".")[0]
        return None

    async def try_say(self, text: str) -> Tuple[int, dict]:
        """One message; the HTTP status and body, whatever they are."""
        async with self.http.post(f"{self.bot_url}/api/chat", json={"message": text}) as response:
            body = await response.json(content_type=None)
            if response.status == 200:
                self.sent.append(text)
                self.last = body["messages"]
                self.shown.extend(m["text"] for m in self.last)
            return response.status, body

    async def say(self, text: str) -> List[dict]:
        status, body = await self.try_say(text)
        if status != 200:
            raise ChatFailed(status, str(body))
        return self.last

    def last_question(self) -> str:
        texts = [m["text"] for m in self.last if m["text"]]
        return texts[-1] if texts else ""

    def last_buttons(self) -> List[dict]:
        return [b for m in self.last for b in m["buttons"]]

    def reference(self) -> Optional[str]:
        found = REFERENCE.search(" ".join(m["text"] for m in self.last))
        return found.group(0) if found else None

    async def start_booking(self) -> None:
        await self.say("hi")
        request = [b for b in self.last_buttons() if b["payload"] == "/request_appointment"]
        assert request, f"the greeting offers no request button: {self.last}"
        await self.say(request[0]["payload"])

    async def answer(self, profile: ClinicProfile) -> str:
        """Answer the bot's latest booking question; returns what was sent."""
        reply = booking_answer(self.last_question(), self.last_buttons(), profile, self.who)
        await self.say(reply)
        return reply

    async def finish_booking(self, profile: ClinicProfile) -> str:
        """Answer until the bot shows a reference; returns it."""
        for _ in range(MAX_BOOKING_TURNS):
            if self.reference():
                return self.reference()
            await self.answer(profile)
        raise AssertionError(f"no reference after {MAX_BOOKING_TURNS} answers; sent {self.sent}")
