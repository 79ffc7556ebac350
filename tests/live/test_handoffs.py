"""Live chat's shared state on a real (migrated) SQLite database: who is available, and
that racing app processes agree (one join wins; a join and the missed sweep exclude each
other)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from bot.live import handoffs
from bot.migrations import migrate
from bot.staff.accounts import create_account
from clinic.database import create_db_engine

NOW = datetime(2026, 12, 6, 15, 0, tzinfo=timezone.utc)


@pytest.fixture
def engine(tmp_path):
    url = f"sqlite:///{tmp_path / 'clinic.db'}"
    migrate(url)
    engine = create_db_engine(url)
    yield engine
    engine.dispose()


@pytest.fixture
def staff(engine):
    return [
        create_account(engine, name, "a long enough passphrase", "staff", NOW).id
        for name in ("dana", "eli")
    ]


def test_nobody_available_means_no_request(engine, staff):
    assert handoffs.request_handoff(engine, "conv-1", True, 120, NOW) is None
    handoffs.set_availability(engine, staff[0], "Dana", True, NOW)
    handoffs.set_availability(engine, staff[0], "Dana", False, NOW)
    assert handoffs.request_handoff(engine, "conv-1", True, 120, NOW) is None


def test_availability_lapses_when_the_live_page_is_gone(engine, staff):
    handoffs.set_availability(engine, staff[0], "Dana", True, NOW)
    later = NOW + timedelta(seconds=handoffs.PRESENCE_TTL_S + 1)
    assert handoffs.anyone_available(engine, NOW)
    assert not handoffs.anyone_available(engine, later)
    handoffs.touch_presence(engine, staff[0], later)
    assert handoffs.anyone_available(engine, later)


def test_one_join_wins_and_a_second_request_reuses_the_open_one(engine, staff):
    handoffs.set_availability(engine, staff[0], "Dana", True, NOW)
    first = handoffs.request_handoff(engine, "conv-1", True, 120, NOW)
    assert first.status == handoffs.WAITING
    assert handoffs.request_handoff(engine, "conv-1", True, 120, NOW).id == first.id
    won = handoffs.join(engine, first.id, staff[0], "Dana", NOW)
    assert won.status == handoffs.JOINED and won.staff_name == "Dana"
    assert handoffs.join(engine, first.id, staff[1], "Eli", NOW) is None
    assert handoffs.end(engine, first.id, staff[1], NOW) is None  # not Eli's chat
    assert handoffs.end(engine, first.id, staff[0], NOW).status == handoffs.ENDED
    assert handoffs.active_handoff(engine, "conv-1") is None


def test_missed_after_the_deadline_and_then_nobody_can_join(engine, staff):
    handoffs.set_availability(engine, staff[0], "Dana", True, NOW)
    request = handoffs.request_handoff(engine, "conv-2", False, 120, NOW)
    assert handoffs.overdue(engine, NOW + timedelta(seconds=119)) == []
    late = NOW + timedelta(seconds=121)
    assert [h.id for h in handoffs.overdue(engine, late)] == [request.id]
    assert handoffs.mark_missed(engine, request.id, late)
    assert not handoffs.mark_missed(engine, request.id, late)  # another process's sweep
    assert handoffs.join(engine, request.id, staff[0], "Dana", late) is None
    assert handoffs.get_handoff(engine, request.id).callback_offered is False


def test_a_miss_whose_tracker_write_failed_is_swept_again(engine, staff):
    handoffs.set_availability(engine, staff[0], "Dana", True, NOW)
    request = handoffs.request_handoff(engine, "conv-3", True, 60, NOW)
    late = NOW + timedelta(seconds=61)
    assert handoffs.mark_missed(engine, request.id, late)
    handoffs.reopen(engine, request.id, handoffs.WAITING)  # Rasa was away
    assert [h.id for h in handoffs.overdue(engine, late)] == [request.id]
    assert handoffs.active_handoff(engine, "conv-3").status == handoffs.WAITING


def test_a_chat_whose_staff_member_left_is_found(engine, staff):
    handoffs.set_availability(engine, staff[0], "Dana", True, NOW)
    request = handoffs.request_handoff(engine, "conv-4", True, 120, NOW)
    handoffs.join(engine, request.id, staff[0], "Dana", NOW)
    still_here = NOW + timedelta(seconds=handoffs.ABANDONED_AFTER_S - 1)
    assert handoffs.abandoned(engine, still_here) == []
    handoffs.touch_presence(engine, staff[0], still_here)  # the page is open
    gone = still_here + timedelta(seconds=handoffs.ABANDONED_AFTER_S + 1)
    (left,) = handoffs.abandoned(engine, gone)
    assert left.id == request.id and left.joined_by == staff[0]
    assert handoffs.end(engine, left.id, left.joined_by, gone).status == handoffs.ENDED
    assert handoffs.abandoned(engine, gone) == []
