"""GET /safety: the published safety protocol says what the assistant does, in the same
words the replies use (issue 17)."""

from __future__ import annotations

import html

from actions.crisis_reply import crisis_messages, others_danger_messages, screen_messages
from clinic.profile import load_profile


async def test_the_safety_page_shows_the_replies_own_wording(client):
    response = await client.get("/safety")
    assert response.status == 200
    page = html.unescape(await response.text())
    crisis = load_profile().crisis
    # The lines and sentences the visitor would see in the chat, as the actions build them.
    shown = [crisis.lifeline, crisis.text_line, crisis.emergency, crisis.spanish]
    shown += [crisis.acknowledge, crisis.screen.question, crisis.screen.no_ack]
    shown += [crisis.others_danger.emergency, crisis.others_danger.hotline]
    shown += [crisis.others_danger.abuse_hotline]
    for line in shown:
        assert line in page, line
    assert crisis.screen.question in "\n".join(screen_messages())
    assert crisis.acknowledge in crisis_messages()
    assert crisis.others_danger.hotline in "\n".join(others_danger_messages())
    assert "1-800-252-5400" in "\n".join(others_danger_messages())
    spanish_reply = "\n".join(others_danger_messages(in_spanish=True))
    assert crisis.others_danger.abuse_hotline_spanish in spanish_reply
    assert crisis.screen.source_url in page


async def test_the_widget_help_panel_links_the_safety_page(client):
    facts = await (await client.get("/api/clinic")).json()
    assert facts["safety_page"] == "/safety"
    assert facts["crisis"]["dv_hotline"] == load_profile().crisis.others_danger.hotline
    script = await (await client.get("/widget.js")).text()
    assert "clinic.safety_page" in script
