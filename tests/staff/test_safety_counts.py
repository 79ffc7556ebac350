"""Analytics: crisis replies and risk screens per month (issue 17), on the page and as CSV,
with no conversation ids."""

from __future__ import annotations

import pytest

from tests.staff.conftest import START
from tests.staff.rasa_events import Script, save, tracker_store

pytestmark = pytest.mark.usefixtures("accounts")
DAY = 86400.0


def screened(start: float) -> Script:
    return (
        Script(start)
        .session()
        .user("which bridge is the highest", "risk_screen", 1.0)
        .bot("action_risk_screen", "Have you wished you were dead?")
        .slot("risk_screen_flag", True)
        .listen()
        .user("yes", "affirm", 0.97)
        .bot("action_screen_answer")
        .bot("action_crisis_response", "Call or text 988.")
        .slot("crisis_flag", True)
        .listen()
    )


def crisis_only(start: float) -> Script:
    return (
        Script(start)
        .session()
        .user("I want to die", "crisis", 1.0)
        .bot("action_crisis_response", "Call or text 988.")
        .slot("crisis_flag", True)
        .listen()
    )


async def test_counts_per_month_on_the_page_and_as_csv(alice, database_url):
    store = tracker_store(database_url)
    # START is 2026-11-02: one screen + crisis this month, one crisis in October.
    await save(store, "conv-screened-nov", screened(START - 0.5 * DAY).events)
    await save(store, "conv-crisis-oct", crisis_only(START - 20 * DAY).events)

    html = await (await alice.get("/staff/analytics?from=2026-10-01&to=2026-11-02")).text()
    assert "<tr><td>2026-10</td><td>1</td><td>0</td></tr>" in html
    assert "<tr><td>2026-11</td><td>1</td><td>1</td></tr>" in html

    response = await alice.get("/staff/analytics/safety.csv?from=2026-10-01&to=2026-11-02")
    assert response.status == 200
    assert response.content_type == "text/csv"
    body = await response.text()
    assert body == "month,crisis_replies,risk_screens\n2026-10,1,0\n2026-11,1,1\n"
    assert "conv-" not in body
