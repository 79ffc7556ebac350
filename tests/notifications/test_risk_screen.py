"""A conversation screened for a warning sign (issue 17): its own "risk screen" flag, listed
after crisis and before the rest, and one PHI-free notice per conversation."""

from __future__ import annotations

import time

from bot.staff.conversation_index import update_index
from bot.staff.conversation_list import ConversationFilters, list_conversations
from bot.storage import notification_outbox as outbox
from tests.notifications.conftest import BASE_URL, app_for, eventually
from tests.staff.rasa_events import Script, save, tracker_store

VISITOR_TEXT = "how high does a bridge have to be"


def screened_script(start: float) -> Script:
    return (
        Script(start)
        .session()
        .user(VISITOR_TEXT, "risk_screen", 1.0)
        .bot("action_risk_screen", "Have you wished you were dead?")
        .slot("risk_screen_flag", True)
        .listen()
    )


def crisis_script(start: float) -> Script:
    return (
        Script(start)
        .session()
        .user("I want to die", "crisis", 1.0)
        .bot("action_crisis_response", "Call or text 988.")
        .slot("crisis_flag", True)
        .listen()
    )


def calm_script(start: float) -> Script:
    return (
        Script(start)
        .session()
        .user("What are your hours?", "faq", retrieval="hours")
        .bot("utter_faq", "Weekdays.")
        .listen()
    )


async def test_risk_screens_are_flagged_listed_after_crisis_and_noticed_once(
    base_settings, database
):
    store = tracker_store(base_settings.database_url)
    now = time.time()
    # The calm conversation is the newest: without the flags it would be listed first.
    await save(store, "calm-1", calm_script(now - 60).events)
    await save(store, "screened-1", screened_script(now - 600).events)
    await save(store, "crisis-1", crisis_script(now - 900).events)
    while update_index(database.engine, crisis_notices=True):
        pass

    rows, _ = list_conversations(database.engine, ConversationFilters(), 1, 20)
    assert [r["sender_id"] for r in rows] == ["crisis-1", "screened-1", "calm-1"]
    flags = {r["sender_id"]: (r["crisis"], r["risk_screen"]) for r in rows}
    assert flags == {
        "crisis-1": (True, False),
        "screened-1": (False, True),
        "calm-1": (False, False),
    }
    only, _ = list_conversations(database.engine, ConversationFilters(flag="risk_screen"), 1, 20)
    assert [r["sender_id"] for r in only] == ["screened-1"]

    notices, _ = outbox.list_notifications(database.engine)
    kinds = sorted((n["kind"], n["conversation_id"]) for n in notices)
    assert kinds == [("crisis", "crisis-1"), ("risk_screen", "screened-1")]

    # The same conversation screened again later: still one notice.
    await save(store, "screened-1", screened_script(time.time()).events)
    while update_index(database.engine, crisis_notices=True):
        pass
    notices, _ = outbox.list_notifications(database.engine)
    assert sum(n["kind"] == outbox.RISK_SCREEN for n in notices) == 1


async def test_a_risk_screen_emails_staff_without_visitor_text(
    settings, smtp, mailbox, make_client
):
    smtp.start()
    await make_client(app_for(settings))  # its index task tails Rasa's events
    await save(
        tracker_store(settings.database_url),
        "0f1e2d3c4b5a69788796a5b4c3d2e1f0",
        screened_script(time.time() - 30).events,
    )
    await eventually(lambda: len(mailbox.received) == 1, what="the risk-screen email")
    [received] = mailbox.received
    text = received.message.get_content()
    assert "risk screen" in received.message["Subject"]
    assert f"{BASE_URL}/staff/conversations/0f1e2d3c4b5a69788796a5b4c3d2e1f0" in text
    raw = received.raw.decode("utf-8", "replace").lower()
    for word in (VISITOR_TEXT, "bridge", "wished you were dead"):
        assert word not in raw and word not in text.lower()
