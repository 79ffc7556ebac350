"""Analytics page: figures from the indexed conversations, drawn as inline SVG."""

from __future__ import annotations

import re

import pytest

from bot.staff.charts import axis_top, bar_list, column_chart, nice_ceiling

pytestmark = pytest.mark.usefixtures("accounts")


def figure(html: str, chart_id: str) -> str:
    return re.search(rf'<figure class="chart" id="{chart_id}">.*?</figure>', html, re.S).group(0)


def bars(svg: str):
    return re.findall(r'<rect class="bar"[^>]*><title>(.*?)</title>', svg)


async def test_analytics_figures(alice, conversations):
    response = await alice.get("/staff/analytics")
    html = await response.text()
    assert response.status == 200
    assert "<script" not in html
    per_day = figure(html, "chart-conversations")
    assert '<span class="stat">6</span>' in per_day  # all six started within the last 30 days
    days = dict(t.split(": ") for t in bars(per_day))
    assert len(days) == 30
    assert (
        days["Oct 13"] == days["Oct 30"] == days["Nov 01"] == "1"
        and days["Nov 02"] == days["Oct 27"] == "0"
    )
    assert bars(figure(html, "chart-funnel")) == [
        "Booking started: 1",
        "Request submitted: 1",
        "Scheduled by staff: 0",
    ]
    assert bars(figure(html, "chart-topics")) == ["benefit duration: 1", "relief speed: 1"]
    assert '<span class="stat">12%</span>' in figure(
        html, "chart-fallback"
    )  # 1 of 8 visitor messages
    assert bars(figure(html, "chart-unanswered")) == ["does it help my cat sleep: 1"]


async def test_analytics_period(alice, conversations):
    html = await (await alice.get("/staff/analytics?from=2026-10-31&to=2026-11-02")).text()
    assert '<span class="stat">2</span>' in figure(html, "chart-conversations")  # crisis, fallback
    assert bars(figure(html, "chart-topics")) == []
    assert "No data in this period." in figure(html, "chart-topics")


def test_axis_tops_are_round_numbers():
    assert [nice_ceiling(v) for v in (0, 0.07, 3, 7, 11, 240, 1001)] == [
        1.0,
        0.1,
        5,
        10,
        20,
        250,
        2000,
    ]
    assert [axis_top(v, integer=True) for v in (0, 1, 3, 7, 240)] == [
        4,
        4,
        4,
        8,
        400,
    ]  # ticks 1, 1, 1, 2, 100
    assert axis_top(0.125) == pytest.approx(0.2)  # 5% steps


def test_chart_labels_are_escaped():
    svg = str(bar_list([("<script>alert(1)</script>", 3)], "x"))
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    svg = str(column_chart([("a&b", 1)], 'say "hi"'))
    assert "a&amp;b" in svg and 'aria-label="say &quot;hi&quot;"' in svg
