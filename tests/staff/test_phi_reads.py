"""Every read of what visitors wrote leaves an audit row: the conversation list (first
messages), the visitor-text search, the analytics' unanswered messages and the CLI
export. The unanswered messages are shown with names, phone numbers and emails masked,
and search words never appear in a URL."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from bot.cli import main
from bot.staff.conversation_index import update_index
from bot.staff.text_masking import mask_contact_details
from bot.storage.staff_tables import staff_audit
from tests.staff.conftest import START, Script, save, tracker_store

pytestmark = pytest.mark.usefixtures("accounts")
DAY = 86400


def audit_rows(database):
    with database.engine.connect() as conn:
        rows = conn.execute(select(staff_audit).order_by(staff_audit.c.id)).all()
    return [(r.actor, r.action, r.target) for r in rows]


async def test_the_conversation_list_and_search_are_audited_without_the_words(
    alice, conversations, database
):
    page = await alice.get("/staff/conversations")
    assert page.status == 200
    assert ("alice", "conversation_list", "page 1, 5 shown") in audit_rows(database)

    # The search form posts the words; the list it leads to has none in its URL.
    searched = await alice.post(
        "/staff/conversations/search",
        {"q": "CAT sleep", "from": "", "to": "", "flag": ""},
        token_from="/staff/conversations",
    )
    assert searched.status == 303
    location = searched.headers["Location"]
    assert "cat" not in location.lower() and "sleep" not in location.lower()
    result = await alice.get(location)
    assert re.findall(r'data-conversation="([^"]+)"', await result.text()) == ["fallback"]
    assert "CAT sleep" in await result.text()  # shown in the search box (page body, no-store)
    assert ("alice", "conversation_search", "2 word(s), 1 found") in audit_rows(database)
    assert "sleep" not in str(audit_rows(database)).lower()
    # The filter form posts (a GET form would put the words in the URL).
    form = re.search(r'<form [^>]*aria-label="Filter conversations"', await result.text())
    assert 'method="post"' in form.group(0)


async def test_an_old_link_with_words_is_moved_out_of_the_url(alice, conversations):
    response = await alice.get("/staff/conversations?from=&to=&q=cat")
    assert response.status == 303
    assert "cat" not in response.headers["Location"]
    follow = await alice.get(response.headers["Location"])
    assert re.findall(r'data-conversation="([^"]+)"', await follow.text()) == ["fallback"]


async def test_analytics_masks_contact_details_and_audits_the_read(
    alice, conversations, database, database_url
):
    store = tracker_store(database_url)
    said = "my name is jane doe call 214-555-0143 or jane@example.org"
    await save(
        store,
        "contact",
        Script(START - DAY)
        .session()
        .user(said, "nlu_fallback", 0.2)
        .bot("action_default_fallback", "Sorry, I didn't understand.")
        .listen()
        .events,
    )
    while update_index(database.engine):
        pass
    html = await (await alice.get("/staff/analytics")).text()
    assert "my name is [name] call [phone] or [email]" in html
    for secret in ("jane", "doe", "214-555-0143", "0143", "example.org"):
        assert not re.search(rf"\b{re.escape(secret)}\b", html.lower()), secret
    assert any(row[:2] == ("alice", "analytics_view") for row in audit_rows(database))


@pytest.mark.parametrize(
    "text, masked",
    [
        ("jane doe", "[name]"),
        ("i'm maria lopez", "i'm [name]"),
        ("call me at 214-555-0100", "call me at [phone]"),
        ("text +1 (469) 555-0199 please", "text [phone] please"),
        ("email me jane.doe@example.com", "email me [email]"),
        ("does it help my cat sleep", "does it help my cat sleep"),
        ("what about ketamine for ocd", "what about ketamine for ocd"),
    ],
)
def test_masking_rules(text, masked):
    assert mask_contact_details(text) == masked


def test_the_cli_export_is_audited(database, database_url, monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", database_url)
    assert main(["appointments", "export", "--format", "json"]) == 0
    capsys.readouterr()
    [(actor, action, target)] = audit_rows(database)
    assert action == "export" and actor.startswith("cli")
    assert target == "appointments.json (0 requests, stdout)"
