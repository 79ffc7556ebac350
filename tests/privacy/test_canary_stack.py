"""End to end through the three real processes: a conversation carrying a unique canary (name, phone,
email, member id, free text about the visitor's health), including a booking request, leaves the
canary in zero log lines and zero plaintext bytes of the database files (WAL included) and the outbox."""

from __future__ import annotations

import asyncio
import json
import re
import secrets
import sqlite3
import string
from pathlib import Path
from typing import List
from urllib.parse import quote

import aiohttp
import pytest

pytestmark = pytest.mark.stack


def random_word(length: int = 8) -> str:
    return "".join(secrets.choice(string.ascii_lowercase) for _ in range(length))


class Visitor:
    """One browser session on the widget's API."""

    def __init__(self, http: aiohttp.ClientSession, bot_url: str) -> None:
        self.http, self.url, self.replies = http, bot_url, []

    async def say(self, message: str) -> List[dict]:
        async with self.http.post(f"{self.url}/api/chat", json={"message": message}) as response:
            assert response.status == 200, (message, response.status, await response.text())
            self.replies = (await response.json())["messages"]
        return self.replies

    @property
    def text(self) -> str:
        return "\n".join(m["text"] for m in self.replies)

    async def click(self, title_part: str) -> List[dict]:
        buttons = [b for m in self.replies for b in m["buttons"]]
        chosen = [b for b in buttons if title_part.lower() in b["title"].lower()]
        assert chosen, f"no button like {title_part!r} in {[b['title'] for b in buttons]}"
        return await self.say(chosen[0]["payload"])


def files_at_rest(var_dir: Path) -> List[Path]:
    """Database files (with -wal/-shm) and the outbox: the canary's plaintext must not be in them."""
    return sorted(
        p for p in var_dir.rglob("*") if p.is_file() and (".db" in p.name or ".sqlite" in p.name)
    )


def forms(text: str) -> List[bytes]:
    variants = {
        text,
        text.lower(),
        text.upper(),
        json.dumps(text)[1:-1],
        quote(text),
        quote(text, safe=""),
    }
    return [v.encode("utf-8") for v in variants] + [v.encode("utf-16-le") for v in variants]


async def test_canary_conversation_leaves_no_plaintext_anywhere(live_stack):
    tag = random_word()
    name = f"Quillon {tag.capitalize()}"
    phone_digits = f"21455501{secrets.randbelow(100):02d}"
    email = f"canary.{tag}@example.org"
    member_id = f"ZQ{secrets.randbelow(10**9):09d}"
    feeling = f"{random_word()}{tag}"
    canaries = [
        name,
        tag,
        email,
        member_id,
        feeling,
        phone_digits,
        f"+1{phone_digits}",
        f"{phone_digits[:3]} {phone_digits[3:6]} {phone_digits[6:]}",
    ]

    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:
        visitor = Visitor(http, live_stack.bot_url)
        await visitor.say(f"hello, I'm {name}. Can ketamine help with {feeling}?")
        await visitor.say("/request_appointment")
        assert "name" in visitor.text.lower()
        await visitor.say(name)
        assert "phone" in visitor.text.lower()
        await visitor.say(f"{phone_digits[:3]} {phone_digits[3:6]} {phone_digits[6:]}")
        assert "email" in visitor.text.lower()
        await visitor.say(email)
        await visitor.click(live_stack_location())
        await visitor.say("weekday mornings")
        await visitor.click("new")
        await visitor.say(f"{feeling} and trouble sleeping")
        await visitor.click("insurance")
        await visitor.say("Aetna")
        await visitor.say(member_id)
        await visitor.click("yes")  # may the team contact you
        assert name in visitor.text and email in visitor.text  # the summary the visitor confirms
        await visitor.click("send")
        reference = re.search(r"NTX-[0-9A-Z]{5}", visitor.text)
        assert reference, visitor.text
        async with http.get(f"{live_stack.bot_url}/api/chat/history") as response:
            history = json.dumps(await response.json())
        assert name in history  # the visitor reads their own conversation back, decrypted

    sender = await stored_conversation(live_stack.var_dir / "clinic.db", reference.group(0))
    await asyncio.sleep(3)  # the index updater's poll, and log writes, have happened
    with sqlite3.connect(live_stack.var_dir / "clinic.db") as conn:
        assert (
            conn.execute(
                "SELECT COUNT(*) FROM appointment_requests WHERE conversation_id = ?", (sender,)
            ).fetchone()[0]
            == 1
        )
        assert conn.execute(
            "SELECT COUNT(*) FROM staff_conversations WHERE sender_id = ?", (sender,)
        ).fetchone()[0]

    logs = sorted((live_stack.var_dir / "log").glob("*"))
    assert {p.name for p in logs} >= {"rasa.log", "actions.log", "bot.log"}
    log_lines = [
        (p.name, line) for p in logs for line in p.read_text(errors="replace").splitlines()
    ]
    assert any(
        sender in line or "conv=" in line for _, line in log_lines
    )  # the logs do record the traffic
    for canary in canaries:
        leaked = [f"{name}: {line}" for name, line in log_lines if canary.lower() in line.lower()]
        assert not leaked, f"{canary!r} in the logs:\n" + "\n".join(leaked[:5])
    stored = files_at_rest(live_stack.var_dir)
    assert {p.name for p in stored} >= {"clinic.db", "outbox.sqlite"}
    for path in stored:
        try:
            blob = path.read_bytes()
        except FileNotFoundError:
            continue  # SQLite removed its -shm/-wal file as a connection closed: nothing at rest
        for canary in canaries:
            assert not any(form in blob for form in forms(canary)), f"{canary!r} in {path.name}"


async def test_delete_my_data_in_the_chat(live_stack):
    """Needs a model trained with data/nlu/privacy.yml and data/rules/privacy.yml."""
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:
        visitor = Visitor(http, live_stack.bot_url)
        await visitor.say("How long do the benefits of ketamine therapy last?")
        sender = next(c.value for c in http.cookie_jar if c.key == "chat_session").split(".")[0]
        await visitor.say("please delete my data")
        assert "Delete this conversation?" in visitor.text
        await visitor.click("yes, delete")
        assert "deleted" in visitor.text and "2 of your messages" in visitor.text, visitor.text
        with sqlite3.connect(live_stack.var_dir / "clinic.db") as conn:
            assert conn.execute(
                "SELECT COUNT(*) FROM events WHERE sender_id = ?", (sender,)
            ).fetchone() == (0,)
        async with http.get(f"{live_stack.bot_url}/api/chat/history") as response:
            assert (await response.json())["messages"] == []  # nothing to read back
        await visitor.say("hello")  # a new conversation: the clinic's facts are there again
        assert live_stack_name() in visitor.text


def live_stack_name() -> str:
    from clinic.profile import load_profile

    return load_profile().name


def live_stack_location() -> str:
    from clinic.profile import load_profile

    return load_profile().booking_locations[0]


async def stored_conversation(db: Path, reference: str, timeout: float = 20.0) -> str:
    """The conversation id of the stored request (polled: the outbox may deliver it a moment later)."""
    waited = 0.0
    while waited < timeout:
        with sqlite3.connect(db) as conn:
            row = conn.execute(
                "SELECT conversation_id FROM appointment_requests WHERE reference = ?", (reference,)
            ).fetchone()
        if row:
            return row[0]
        await asyncio.sleep(0.5)
        waited += 0.5
    raise AssertionError("no request was stored")
