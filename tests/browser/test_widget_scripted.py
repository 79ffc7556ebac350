"""The widget in Chromium against the real demo page, with the gateway played by a script.

Each test drives the widget as a visitor does (clicks, typing, reloads) and asserts what
is on screen, what was sent, or what stays stored in the browser.
"""

from __future__ import annotations

import json
import re
from datetime import datetime, timezone

import pytest
from playwright.sync_api import expect

from clinic.profile import load_profile
from tests.accessibility import add_axe, axe_violations

pytestmark = pytest.mark.browser

SITE = "http://clinic.test"
GREETING = {
    "messages": [
        {
            "text": "Hi, I'm the clinic's automated assistant. How can I help?",
            "buttons": [
                {"title": "Questions about ketamine therapy", "payload": "/faq_menu"},
                {"title": "Request an appointment", "payload": "/request_appointment"},
            ],
        }
    ]
}


def opened(gateway, page, widget, *replies):
    """Demo page loaded, panel opened, greeting shown."""
    gateway.queue(GREETING, *replies)
    page.goto(SITE + "/")
    widget.open()
    expect(widget.bot_bubbles.first).to_contain_text("automated assistant")


def shot(page, screenshots, name: str) -> None:
    page.screenshot(path=str(screenshots / f"scripted-{name}.png"))


def stored(page, key: str):
    raw = page.evaluate("k => localStorage.getItem(k)", "ntx-chat:" + key)
    return None if raw is None else json.loads(raw)


def test_demo_page_shows_clinic_article_and_ai_disclosure(scripted, screenshots):
    gateway, page, widget = scripted
    opened(gateway, page, widget)
    profile = load_profile()
    expect(page.locator(".site-name")).to_have_text(profile.name)
    expect(page.locator("h1")).to_have_text("Does Ketamine Therapy Have Long-Term Benefits?")
    expect(page.locator("main")).to_contain_text("4–8 weeks")
    expect(widget.panel).to_contain_text("automated assistant (AI), not a person")
    expect(widget.panel.get_by_role("button", name="Get help now")).to_be_visible()
    assert gateway.chat_messages == ["/greet"]  # the greeting command, shown as no bubble
    expect(widget.visitor_bubbles).to_have_count(0)
    shot(page, screenshots, "01-demo-page-open")


def test_no_html_from_either_side_and_only_web_links(scripted, screenshots):
    gateway, page, widget = scripted
    bot_text = (
        "Chat at https://988lifeline.org. Not a link: javascript:alert(1)\n"
        'Second line <img src=x onerror="window.__pwned=1"><b>bold?</b>'
    )
    opened(gateway, page, widget, {"messages": [{"text": bot_text}]})
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    visitor_text = '<script>window.__pwned=2</script><img src=x onerror="window.__pwned=3"> hi'
    widget.say(visitor_text)

    expect(widget.visitor_bubbles.last).to_have_text(visitor_text)
    bot = widget.bot_bubbles.last
    expect(bot).to_have_text(bot_text)  # verbatim, newline included
    assert bot.inner_text().count("\n") == 1
    links = bot.locator("a")
    expect(links).to_have_count(1)
    expect(links).to_have_attribute("href", "https://988lifeline.org/")
    expect(links).to_have_text("https://988lifeline.org")
    expect(links).to_have_attribute("target", "_blank")
    expect(links).to_have_attribute("rel", "noopener noreferrer")
    assert (
        page.locator(
            "#nortex-chat-widget img, #nortex-chat-widget script, #nortex-chat-widget b"
        ).count()
        == 0
    )
    assert page.evaluate("window.__pwned") is None
    assert dialogs == []
    assert gateway.chat_messages[-1] == visitor_text.strip()
    shot(page, screenshots, "02-text-not-html")


def test_quick_reply_sends_payload_shows_title_then_disables(scripted, screenshots):
    gateway, page, widget = scripted
    opened(gateway, page, widget, {"messages": [{"text": "What is your full name?"}]})
    expect(widget.active_replies()).to_have_count(2)
    widget.reply_button("Request an appointment").click()

    expect(widget.visitor_bubbles.last).to_have_text("Request an appointment")
    expect(widget.bot_bubbles.last).to_have_text("What is your full name?")
    assert gateway.chat_messages[-1] == "/request_appointment"
    buttons = page.locator(".ntx-reply")
    expect(buttons).to_have_count(2)
    for i in range(2):
        expect(buttons.nth(i)).to_be_disabled()
    # Focus moved on to the text box, not lost with the disabled button.
    assert widget.shadow_active()["tag"] == "textarea"
    shot(page, screenshots, "03-quick-reply-disabled")


def test_long_answers_are_shown_from_their_start(scripted):
    gateway, page, widget = scripted
    log = page.locator(".ntx-log")

    def first_line_in_view():
        page.wait_for_timeout(100)
        box, answer = log.bounding_box(), widget.bot_bubbles.last.bounding_box()
        return box["y"] <= answer["y"] < box["y"] + 40

    long_greeting = "\n".join(f"Greeting line {i}." for i in range(1, 31))
    gateway.queue(
        {"messages": [{"text": long_greeting, "buttons": GREETING["messages"][0]["buttons"]}]}
    )
    page.goto(SITE + "/")
    widget.open()
    expect(widget.bot_bubbles.last).to_contain_text("Greeting line 30.")
    assert first_line_in_view()

    long_answer = "\n".join(f"Line {i} of a long answer." for i in range(1, 41))
    gateway.queue({"messages": [{"text": long_answer}]})
    widget.say("Tell me everything")
    expect(widget.bot_bubbles.last).to_contain_text("Line 40 of a long answer.")
    assert first_line_in_view()


def test_typing_indicator_while_waiting_for_the_answer(scripted, screenshots):
    gateway, page, widget = scripted
    held = []
    opened(gateway, page, widget, lambda route, message: held.append((route, message)))
    expect(widget.typing).to_be_hidden()
    widget.say("How fast does it work?")
    expect(widget.typing).to_be_visible()
    expect(widget.typing).to_contain_text("typing")
    expect(widget.panel).to_have_attribute("aria-busy", "true")
    shot(page, screenshots, "04-typing")
    for _ in range(100):  # the route handler runs while Playwright processes events
        if held:
            break
        page.wait_for_timeout(50)
    route, message = held[0]
    gateway.answer(route, message, {"messages": [{"text": "Often within hours to days."}]})
    expect(widget.bot_bubbles.last).to_have_text("Often within hours to days.")
    expect(widget.typing).to_be_hidden()


def test_network_failure_shows_retry_and_loses_nothing_across_reload(scripted, screenshots):
    gateway, page, widget = scripted
    opened(gateway, page, widget)
    gateway.chat_down = True
    widget.say("I'd like to book a consultation")

    unsent = page.locator(".ntx-msg--unsent")
    expect(unsent).to_contain_text("I'd like to book a consultation")
    expect(unsent).to_contain_text("Not sent — Retry")
    assert [m["message"] for m in stored(page, "outbox")] == ["I'd like to book a consultation"]
    widget.input.fill("and one more thing")  # typed, not sent
    shot(page, screenshots, "05-not-sent")

    gateway.chat_down = False
    page.reload()
    expect(widget.panel).to_be_visible()  # it was open before the reload
    expect(widget.bot_bubbles.first).to_contain_text("automated assistant")  # history
    expect(unsent).to_contain_text("I'd like to book a consultation")
    expect(unsent.get_by_role("button", name="Retry")).to_be_visible()
    expect(widget.input).to_have_value("and one more thing")
    assert (
        gateway.chat_messages.count("I'd like to book a consultation") == 0
    )  # not re-sent by itself

    gateway.queue({"messages": [{"text": "What is your full name?"}]})
    unsent.get_by_role("button", name="Retry").click()
    expect(widget.bot_bubbles.last).to_have_text("What is your full name?")
    expect(page.locator(".ntx-msg--unsent")).to_have_count(0)
    assert gateway.chat_messages.count("I'd like to book a consultation") == 1
    assert stored(page, "outbox") is None
    expect(widget.input).to_have_value("and one more thing")
    shot(page, screenshots, "06-retried")


def test_messages_queued_behind_a_failure_are_sent_in_order(scripted):
    gateway, page, widget = scripted
    opened(gateway, page, widget)
    gateway.chat_down = True
    widget.say("first")
    expect(page.locator(".ntx-msg--unsent")).to_have_count(1)
    widget.say("second")
    expect(page.locator(".ntx-msg--unsent")).to_have_count(2)
    gateway.chat_down = False
    page.locator(".ntx-msg--unsent").first.get_by_role("button", name="Retry").click()
    expect(widget.bot_bubbles.last).to_have_text("Echo: second")
    assert gateway.chat_messages[-2:] == ["first", "second"]
    expect(page.locator(".ntx-msg--unsent")).to_have_count(0)


def test_refused_message_comes_back_to_the_text_box(scripted, screenshots):
    gateway, page, widget = scripted
    polite = "That message is too long. Please keep it under 2,000 characters."
    opened(
        gateway, page, widget, lambda route, m: route.fulfill(status=413, json={"error": polite})
    )
    long_text = "word " * 500
    widget.say(long_text)
    status = page.locator(".ntx-msg--unsent .ntx-status")
    expect(status).to_contain_text(polite)
    expect(status).to_contain_text("your message is back in the text box")
    expect(status.get_by_role("button", name="Retry")).to_have_count(0)
    expect(widget.input).to_have_value(long_text.strip())
    assert stored(page, "draft") == long_text.strip()
    shot(page, screenshots, "07-refused")


def test_refused_quick_reply_is_not_copied_into_the_text_box(scripted):
    gateway, page, widget = scripted
    refused = 'Messages cannot start with "/". Please rephrase.'
    opened(
        gateway, page, widget, lambda route, m: route.fulfill(status=400, json={"error": refused})
    )
    widget.reply_button("Request an appointment").click()
    expect(page.locator(".ntx-msg--unsent .ntx-status")).to_contain_text(refused)
    expect(widget.input).to_have_value("")
    assert stored(page, "outbox") is None


def test_rate_limit_says_when_to_retry(scripted):
    gateway, page, widget = scripted
    opened(
        gateway,
        page,
        widget,
        lambda route, m: route.fulfill(
            status=429, headers={"Retry-After": "7"}, json={"error": "slow down"}
        ),
    )
    widget.say("hello?")
    status = page.locator(".ntx-msg--unsent .ntx-status")
    expect(status).to_contain_text("retry in 7 s")
    status.get_by_role("button", name="Retry").click()
    expect(widget.bot_bubbles.last).to_have_text("Echo: hello?")


def test_get_help_now_works_while_the_server_is_down(scripted, screenshots):
    gateway, page, widget = scripted
    crisis = load_profile().crisis
    page.goto(SITE + "/")  # the widget fetches and keeps the clinic's resources
    page.wait_for_function("() => localStorage.getItem('ntx-chat:clinic') !== null")
    gateway.api_down = True
    page.reload()
    page.get_by_role("button", name="Get help now").first.click()

    expect(widget.help_panel).to_be_visible()
    for line in (crisis.emergency, crisis.lifeline, crisis.text_line, crisis.not_monitored):
        expect(widget.help_panel).to_contain_text(line)
    for number in ("911", "988", "741741"):
        expect(widget.help_panel).to_contain_text(number)
    expect(widget.help_panel.locator("a[href='https://988lifeline.org/']")).to_have_count(1)
    assert widget.shadow_active()["cls"] == "ntx-help"  # focus moved to the resources
    expect(page.locator(".ntx-notice")).to_contain_text("Couldn't load the conversation.")
    shot(page, screenshots, "08-help-offline")


def test_get_help_now_on_a_first_visit_while_the_server_is_down(scripted):
    gateway, page, widget = scripted
    gateway.api_down = True  # nothing cached: the crisis lines come with the script itself
    page.goto(SITE + "/")
    page.get_by_role("button", name="Get help now").first.click()
    crisis = load_profile().crisis
    for line in (crisis.emergency, crisis.lifeline, crisis.text_line):
        expect(widget.help_panel).to_contain_text(line)
    expect(widget.help_panel).not_to_contain_text("couldn't be loaded")


def test_get_help_now_from_a_copy_of_the_script_without_facts_offers_retry(scripted):
    gateway, page, widget = scripted
    gateway.raw_widget = True  # a site serving the repository's widget.js itself
    gateway.api_down = True
    page.goto(SITE + "/")
    page.get_by_role("button", name="Get help now").first.click()
    expect(widget.help_panel).to_contain_text("couldn't be loaded")
    gateway.api_down = False
    widget.help_panel.get_by_role("button", name="Retry").click()
    expect(widget.help_panel).to_contain_text(load_profile().crisis.lifeline)


def test_history_shows_titles_of_clicked_buttons_and_timestamps(scripted, screenshots):
    gateway, page, widget = scripted
    gateway.record("visitor", "/greet")
    gateway.record("bot", GREETING["messages"][0]["text"], GREETING["messages"][0]["buttons"])
    gateway.record("visitor", "/request_appointment")
    gateway.record("bot", "What is your full name?")
    gateway.record("visitor", "Jordan Rivera")
    gateway.record(
        "bot",
        "Which location suits you?",
        [{"title": "Allen", "payload": "Allen"}, {"title": "Frisco", "payload": "Frisco"}],
    )
    page.goto(SITE + "/")
    widget.open()

    expect(widget.visitor_bubbles).to_have_text(["Request an appointment", "Jordan Rivera"])
    expect(widget.bot_bubbles).to_have_count(3)
    expect(page.locator(".ntx-reply:disabled")).to_have_count(2)  # answered already
    expect(widget.active_replies()).to_have_count(2)  # the open question
    first_time = page.locator(".ntx-msg time").first
    expected = datetime.fromtimestamp(gateway.history[1]["timestamp"], tz=timezone.utc)
    assert first_time.get_attribute("datetime") == expected.isoformat(
        timespec="milliseconds"
    ).replace("+00:00", "Z")
    expect(first_time).to_have_text(re.compile(r"^\d{1,2}:\d{2}"))
    assert gateway.chat_messages == []  # no greeting for a conversation that exists
    shot(page, screenshots, "09-history")


def test_data_attributes_configure_the_widget(scripted, screenshots):
    gateway, page, widget = scripted
    gateway.pages["/embed"] = (
        "<!doctype html><html lang=en><head><title>Partner page</title></head><body><p>Partner</p>"
        '<script src="/widget.js" data-server="http://clinic.test/" data-title="Ask the clinic" '
        'data-accent="#ffd24d" data-open="true" data-greeting=""></script></body></html>'
    )
    page.goto(SITE + "/embed")
    expect(widget.panel).to_be_visible()  # data-open
    expect(page.locator(".ntx-title")).to_have_text("Ask the clinic")
    send = widget.send_button
    assert send.evaluate("b => getComputedStyle(b).backgroundColor") == "rgb(255, 210, 77)"
    # A light accent gets dark text, keeping the contrast readable.
    assert send.evaluate("b => getComputedStyle(b).color") == "rgb(17, 17, 17)"
    page.wait_for_timeout(300)
    assert gateway.chat_messages == []  # data-greeting="" turns the greeting off
    shot(page, screenshots, "10-data-attributes")


def test_keyboard_only(scripted, screenshots):
    gateway, page, widget = scripted
    gateway.queue(GREETING)
    page.goto(SITE + "/")
    for _ in range(30):
        page.keyboard.press("Tab")
        active = widget.shadow_active()
        if active and "ntx-launcher" in active["cls"]:
            break
    else:
        pytest.fail("the chat launcher is not reachable with Tab")
    expect(widget.launcher).to_have_attribute("aria-expanded", "false")
    page.keyboard.press("Enter")
    expect(widget.panel).to_be_visible()
    assert widget.shadow_active()["tag"] == "textarea"  # focus moved into the chat
    expect(page.get_by_role("log")).to_have_attribute("aria-live", "polite")
    expect(widget.bot_bubbles.first).to_contain_text("automated assistant")

    gateway.queue(
        {
            "messages": [
                {
                    "text": "Here are common questions.",
                    "buttons": [
                        {
                            "title": "How fast does it work?",
                            "payload": "How quickly does ketamine therapy work?",
                        }
                    ],
                }
            ]
        }
    )
    page.keyboard.type("Questions please")
    page.keyboard.press("Enter")
    expect(widget.bot_bubbles.last).to_have_text("Here are common questions.")
    page.keyboard.press("Shift+Tab")  # back from the text box to the newest quick reply
    assert widget.shadow_active()["text"] == "How fast does it work?"
    page.keyboard.press("Enter")
    expect(widget.visitor_bubbles.last).to_have_text("How fast does it work?")
    assert gateway.chat_messages[-1] == "How quickly does ketamine therapy work?"
    assert widget.shadow_active()["tag"] == "textarea"
    page.keyboard.press("Shift+Enter")  # a new line, not a send
    expect(widget.input).to_have_value("\n")
    shot(page, screenshots, "11-keyboard")

    page.keyboard.press("Escape")
    expect(widget.panel).to_be_hidden()
    assert "ntx-launcher" in widget.shadow_active()["cls"]  # focus returns to the launcher
    page.keyboard.press("Shift+Tab")
    assert widget.shadow_active()["text"] == "Get help now"
    page.keyboard.press("Enter")
    expect(widget.help_panel).to_be_visible()
    assert widget.shadow_active()["cls"] == "ntx-help"
    page.keyboard.press("Escape")
    expect(widget.help_panel).to_be_hidden()
    assert widget.shadow_active()["text"] == "Get help now"  # the toggle in the panel


def test_usable_on_a_375_px_phone(scripted_site, screenshots):
    gateway, page, widget = scripted_site(
        viewport={"width": 375, "height": 667}, is_mobile=True, has_touch=True
    )
    page.goto(SITE + "/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375  # no sideways scrolling
    box = widget.launcher.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 375
    shot(page, screenshots, "12-phone-closed")
    gateway.queue(GREETING)
    widget.launcher.tap()
    expect(widget.bot_bubbles.first).to_be_visible()
    panel = widget.panel.bounding_box()
    assert (panel["x"], panel["y"], panel["width"], panel["height"]) == (0, 0, 375, 667)
    for control in (
        widget.input,
        widget.send_button,
        page.get_by_role("button", name="Close chat"),
    ):
        b = control.bounding_box()
        assert b["x"] >= 0 and b["x"] + b["width"] <= 375 and b["y"] + b["height"] <= 667
        assert b["height"] >= 44  # touch-sized
    widget.input.fill("How long do the benefits last?")
    widget.send_button.tap()
    expect(widget.bot_bubbles.last).to_have_text("Echo: How long do the benefits last?")
    shot(page, screenshots, "13-phone-open")


def test_demo_page_with_the_widget_open_on_a_phone_passes_axe(scripted_site):
    gateway, page, widget = scripted_site(viewport={"width": 375, "height": 740})
    add_axe(page)
    opened(gateway, page, widget)
    assert axe_violations(page) == []
    widget.panel.get_by_role("button", name="Get help now").click()
    assert axe_violations(page) == [], "with the help panel open"
