"""Warning signs in the widget against the real stack (issue 17): the screening question with
the crisis lines in the same turn, then "yes", "no" (inside a booking request) and no answer.

What the visitor sees is asserted in Chromium; what staff see is checked in the database the
app indexes (staff_conversations.crisis / .risk_screen). The warning signs typed here are
this file's own, not evaluation-set messages. Screenshots: var/test-results/screenshots/
screen-*.png.
"""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import expect
from sqlalchemy import create_engine, select
from widget_page import Widget

from bot.storage.staff_tables import staff_conversations
from clinic.profile import load_profile

pytestmark = [pytest.mark.browser, pytest.mark.stack]

WARNING_SIGN = "lately I keep thinking about how high the roof of my building is"


@pytest.fixture
def visitor(browser, live_stack):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    widget = Widget(page)
    page.goto(live_stack.bot_url + "/")
    widget.exchange(widget.open)  # the greeting
    yield page, widget
    context.close()


def latest_flags(live_stack, expected: tuple, timeout_s: float = 20.0) -> tuple:
    """(crisis, risk_screen) of the most recent conversation as the staff console lists it,
    once the app's own indexer (which holds the data keys) has caught up."""
    engine = create_engine(live_stack.settings.database_url)
    deadline = time.monotonic() + timeout_s
    try:
        while True:
            with engine.connect() as conn:
                row = conn.execute(
                    select(staff_conversations.c.crisis, staff_conversations.c.risk_screen)
                    .order_by(staff_conversations.c.last_at.desc())
                    .limit(1)
                ).first()
            flags = (bool(row.crisis), bool(row.risk_screen)) if row else None
            if flags == expected or time.monotonic() > deadline:
                return flags
            time.sleep(0.5)
    finally:
        engine.dispose()


def screen(widget) -> str:
    crisis = load_profile().crisis
    reply = "\n".join(widget.exchange(lambda: widget.say(WARNING_SIGN)))
    assert crisis.screen.question in reply
    for line in (crisis.lifeline, crisis.text_line, crisis.emergency):
        assert line in reply, "the crisis lines belong in the same turn as the question"
    assert "floor" not in reply.lower() and "feet" not in reply.lower()  # no means answered
    expect(widget.reply_button("Yes")).to_be_visible()
    expect(widget.reply_button("No")).to_be_visible()
    return reply


def test_screen_then_yes_gets_the_crisis_reply_and_flags(visitor, live_stack, screenshots):
    page, widget = visitor
    screen(widget)
    page.screenshot(path=str(screenshots / "screen-1-question.png"))
    reply = "\n".join(widget.exchange(lambda: widget.reply_button("Yes").click()))
    assert load_profile().crisis.acknowledge in reply
    page.screenshot(path=str(screenshots / "screen-2-yes.png"))
    assert latest_flags(live_stack, (True, True)) == (True, True)


def test_screen_then_no_continues_the_booking_request(visitor, live_stack, screenshots):
    page, widget = visitor
    question = "\n".join(widget.exchange(lambda: widget.say("I'd like to book a consultation")))
    assert "name" in question.lower()
    screen(widget)
    reply = "\n".join(widget.exchange(lambda: widget.say("no")))
    crisis = load_profile().crisis
    assert crisis.screen.no_ack in reply
    assert crisis.acknowledge not in reply
    assert "name" in reply.lower(), "the booking request asks its question again"
    page.screenshot(path=str(screenshots / "screen-3-no.png"))
    assert latest_flags(live_stack, (False, True)) == (False, True)

    # "Get help now" is still one tap away, with the published protocol linked.
    widget.panel.get_by_role("button", name="Get help now").click()
    expect(widget.help_panel).to_contain_text(crisis.lifeline)
    link = widget.help_panel.get_by_role("link", name="How this assistant responds")
    expect(link).to_have_attribute("href", live_stack.bot_url + "/safety")


def test_screen_then_no_answer_gets_the_crisis_reply(visitor, live_stack, screenshots):
    page, widget = visitor
    screen(widget)
    # The visitor moves on without answering the question.
    reply = "\n".join(widget.exchange(lambda: widget.say("what are your office hours?")))
    assert load_profile().crisis.acknowledge in reply
    page.screenshot(path=str(screenshots / "screen-4-no-answer.png"))
    assert latest_flags(live_stack, (True, True)) == (True, True)
