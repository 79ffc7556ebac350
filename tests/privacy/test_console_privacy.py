"""The staff console over encrypted data: search through the blind index, decrypted pages for
logged-in staff only, visitor text shown as text, and the console's own headers."""

from __future__ import annotations

import re

import pytest
from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.staff.accounts import create_account
from bot.staff.conversation_index import update_index
from tests.staff.conftest import (
    PASSWORD,
    START,
    Browser,
    Clock,
    console_app_for,
    quick_password_hashing,  # noqa: F401  (autouse: cheap log-ins here too)
)

SCRIPT = '<script>alert("x")</script> is my <b>zarthwick</b> question'


async def visit(store, sender, *messages, start=START):
    tracker = DialogueStateTracker(sender, slots=[])
    t = start
    for event in (
        ActionExecuted("action_session_start", timestamp=t),
        SessionStarted(timestamp=t),
        ActionExecuted("action_listen", timestamp=t),
    ):
        tracker.update(event)
    for text in messages:
        t += 10
        tracker.update(UserUttered(text, {"name": "faq", "confidence": 0.9}, timestamp=t))
        tracker.update(ActionExecuted("utter_faq", timestamp=t + 1))
        tracker.update(BotUttered("An answer.", timestamp=t + 2))
        tracker.update(ActionExecuted("action_listen", timestamp=t + 3))
    await store.save(tracker)


@pytest.fixture
async def staff(database, store, make_client):
    await visit(store, "anxious", "Does ketamine help with ANXIETY?", "my Zarthwick insurance")
    await visit(store, "sleep", "can it help me sleep", "anxiety at night")
    await visit(store, "script", SCRIPT)
    update_index(database.engine, now=START)
    clock = Clock(START + 3600)
    create_account(database.engine, "alice", PASSWORD, "staff", clock.utc())
    browser = Browser(await make_client(console_app_for(database, clock)))
    return browser


async def listed(browser, query):
    response = await browser.get(f"/staff/conversations?from=&to=&{query}")
    if "q=" in query:  # search words are moved out of the URL first
        assert response.status == 303 and "q=" not in response.headers["Location"]
        response = await browser.get(response.headers["Location"])
    assert response.status == 200
    return sorted(re.findall(r'data-conversation="([^"]+)"', await response.text()))


async def test_search_finds_whole_words_in_any_case_through_the_blind_index(staff):
    await staff.log_in("alice")
    assert await listed(staff, "q=anxiety") == ["anxious", "sleep"]
    assert await listed(staff, "q=zarthwick") == ["anxious", "script"]
    assert await listed(staff, "q=ZARTHWICK+insurance") == ["anxious"]  # every word
    assert await listed(staff, "q=anxiety+sleep") == ["sleep"]
    assert (
        await listed(staff, "q=anx") == []
    )  # whole words only: no substring search over ciphertext
    assert await listed(staff, "q=nobody+said+this") == []


async def test_visitor_text_is_decrypted_for_staff_and_shown_as_text(staff):
    await staff.log_in("alice")
    page = await (await staff.get("/staff/conversations?from=&to=")).text()
    assert "Does ketamine help with ANXIETY?" in page  # first message, decrypted
    transcript = await (await staff.get("/staff/conversations/script")).text()
    for html in (page, transcript):
        assert (
            "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; is my &lt;b&gt;zarthwick&lt;/b&gt;"
            in html
        )
        assert "<script>alert" not in html and "<b>zarthwick" not in html
    assert not re.search(r"<script(?![^>]*\bsrc=)", transcript)  # no inline script at all


async def test_without_log_in_nothing_is_decrypted(staff):
    for path in (
        "/staff/conversations?from=&to=",
        "/staff/conversations/anxious",
        "/staff/conversations/anxious/export.json",
        "/staff/requests",
    ):
        response = await staff.get(path)
        assert response.status in (302, 303)
        body = await response.text()
        assert "ANXIETY" not in body and "Zarthwick" not in body


async def test_console_pages_cannot_be_framed(staff):
    response = await staff.get("/staff/login")
    csp = response.headers["Content-Security-Policy"]
    assert (
        "frame-ancestors 'none'" in csp
        and "script-src 'self'" in csp
        and "unsafe-inline" not in csp
    )
    assert response.headers["X-Frame-Options"] == "DENY"
