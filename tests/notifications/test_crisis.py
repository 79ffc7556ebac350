"""A conversation flagged crisis (Rasa's `crisis_flag` slot, as the index first sees it) -> one
notice per conversation, sent without anything the visitor wrote."""

from __future__ import annotations

import asyncio
import time
from datetime import datetime, timedelta, timezone

from bot.notifications.messages import _subject_and_body
from bot.staff.conversation_index import update_index
from bot.storage import notification_outbox as outbox
from tests.notifications.conftest import BASE_URL, FRONT_DESK, app_for, eventually
from tests.staff.rasa_events import Script, save, tracker_store

VISITOR_TEXT = "I can't see a way out anymore"


def crisis_script(start: float) -> Script:
    return (
        Script(start)
        .session()
        .user(VISITOR_TEXT, "mood_unwell", 0.61)
        .bot("action_crisis_reply", "Call or text 988.")
        .slot("crisis_flag", True)
        .listen()
    )


def crisis_rows(database) -> list:
    rows, _ = outbox.list_notifications(database.engine)
    return [r for r in rows if r["kind"] == outbox.CRISIS]


async def test_the_index_queues_one_notice_per_flagged_conversation(base_settings, database):
    store = tracker_store(base_settings.database_url)
    start = time.time() - 600
    flagged = crisis_script(start)
    await save(store, "flagged-1", flagged.events)
    await save(
        store,
        "calm-1",
        Script(start)
        .session()
        .user("What are your hours?", "faq", retrieval="hours")
        .bot("utter_faq", "Weekdays.")
        .listen()
        .events,
    )
    while update_index(database.engine, crisis_notices=True):
        pass

    [row] = crisis_rows(database)
    assert row["conversation_id"] == "flagged-1" and row["status"] == "queued"
    slot_time = next(
        e.timestamp for e in flagged.events if getattr(e, "key", None) == "crisis_flag"
    )
    assert row["event_at"] == datetime.fromtimestamp(slot_time, timezone.utc)

    # Later turns of the same conversation, flagged again: still one notice.
    await save(
        store,
        "flagged-1",
        Script(start + 300)
        .user("still here", "crisis", 1.0)
        .bot("action_crisis_reply", "Call or text 988.")
        .slot("crisis_flag", True)
        .listen()
        .events,
    )
    while update_index(database.engine, crisis_notices=True):
        pass
    assert len(crisis_rows(database)) == 1
    # Another process that saw the same flag (dedupe key): nothing added.
    with database.engine.begin() as conn:
        assert outbox.enqueue_crisis_notice(conn, "flagged-1", datetime.now(timezone.utc)) is False
    assert len(crisis_rows(database)) == 1


async def test_indexing_without_notices_queues_none(base_settings, database):
    """`python -m bot demo-data` indexes synthetic conversations: no emails for those."""
    await save(
        tracker_store(base_settings.database_url),
        "synthetic-1",
        crisis_script(time.time() - 60).events,
    )
    while update_index(database.engine):
        pass
    assert crisis_rows(database) == []


async def test_a_flagged_conversation_emails_staff_once(settings, smtp, mailbox, make_client):
    smtp.start()
    await make_client(app_for(settings))  # its index task tails Rasa's events
    await save(
        tracker_store(settings.database_url),
        "a1b2c3d4e5f60718293a4b5c6d7e8f90",
        crisis_script(time.time() - 30).events,
    )

    await eventually(lambda: len(mailbox.received) == 1, what="the crisis email")
    await asyncio.sleep(2.5)  # another index poll and many sender passes
    assert len(mailbox.received) == 1
    [received] = mailbox.received
    text = received.message.get_content()
    assert "crisis" in received.message["Subject"]
    assert f"{BASE_URL}/staff/conversations/a1b2c3d4e5f60718293a4b5c6d7e8f90" in text
    assert received.rcpt_tos == [FRONT_DESK]  # no location: the default list
    raw = received.raw.decode("utf-8", "replace").lower()
    for word in (VISITOR_TEXT.lower(), "see a way out", "988"):
        assert word not in raw and word not in text.lower()


async def test_a_flood_of_flagged_conversations_is_coalesced_into_one_summary(
    base_settings, database
):
    """Anyone can open chats and type crisis words: past the hourly cap, staff get one
    "N more flagged conversations" notice, not one email each."""
    store = tracker_store(base_settings.database_url)
    start = time.time() - 600
    flood = outbox.CRISIS_NOTICES_PER_HOUR + 4
    for n in range(flood):
        await save(store, f"flood-{n}", crisis_script(start + n).events)
    while update_index(database.engine, crisis_notices=True):
        pass
    # The same conversations flagged again later add nothing.
    for n in range(3):
        await save(
            store,
            f"flood-{n}",
            Script(start + 300)
            .user("still here", "crisis", 1.0)
            .slot("crisis_flag", True)
            .listen()
            .events,
        )
    while update_index(database.engine, crisis_notices=True):
        pass

    rows, _ = outbox.list_notifications(database.engine)
    single = [r for r in rows if r["kind"] == outbox.CRISIS]
    summaries = [r for r in rows if r["kind"] == outbox.CRISIS_SUMMARY]
    assert len(single) == outbox.CRISIS_NOTICES_PER_HOUR
    assert sum(r["payload"]["count"] for r in summaries) == 4
    # Sent when its hour is over, so the count is complete.
    for row in summaries:
        assert row["next_attempt_at"] == row["event_at"] + timedelta(hours=1)


def test_the_summary_email_counts_without_naming_anyone(database):
    hour = datetime(2026, 12, 6, 5, 0, tzinfo=timezone.utc)
    with database.engine.begin() as conn:
        for n in range(outbox.CRISIS_NOTICES_PER_HOUR + 3):
            outbox.enqueue_crisis_notice(conn, f"c-{n}", hour, now=hour + timedelta(minutes=5 + n))
    rows, _ = outbox.list_notifications(database.engine)
    [summary] = [r for r in rows if r["kind"] == outbox.CRISIS_SUMMARY]
    subject, lines = _subject_and_body(summary, "NorTex", "https://x.example/staff/c")
    assert subject == "NorTex: 3 more flagged conversations"
    body = "\n".join(lines)
    assert "3 more flagged conversations" in body and "c-1" not in body
