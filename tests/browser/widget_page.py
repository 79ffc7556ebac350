"""What a visitor sees and does in the chat widget: the page model the browser tests share."""

from __future__ import annotations

import re

from playwright.sync_api import Locator, Page, expect


class Widget:
    """What a visitor sees and does in the chat widget (locators pierce its shadow root)."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.launcher = page.locator(".ntx-launcher")
        self.panel = page.get_by_role("dialog")
        self.input = page.get_by_role("textbox", name="Your message")
        self.send_button = page.get_by_role("button", name="Send", exact=True)
        self.bot_bubbles = page.locator(".ntx-msg--bot .ntx-bubble")
        self.visitor_bubbles = page.locator(".ntx-msg--visitor .ntx-bubble")
        self.typing = page.locator(".ntx-typing")
        self.help_panel = page.locator("#ntx-help")

    def open(self) -> None:
        if not self.panel.is_visible():
            self.launcher.click()
        expect(self.panel).to_be_visible()

    def say(self, text: str) -> None:
        self.input.fill(text)
        self.input.press("Enter")

    def active_replies(self) -> Locator:
        return self.page.locator(".ntx-reply:not(:disabled)")

    def reply_button(self, title: str) -> Locator:
        return self.page.locator(".ntx-reply:not(:disabled)").filter(
            has_text=re.compile("^" + re.escape(title) + "$")
        )

    def exchange(self, act, timeout_ms: float = 60_000) -> list:
        """Do `act` (a click, a send), wait until the bot has answered; returns its new bubbles' texts."""
        answered = self.bot_bubbles.count()
        before = self.page.locator(".ntx-msg--bot, .ntx-replies").count()
        act()
        self.page.wait_for_function(
            """(before) => {
                const root = document.getElementById('nortex-chat-widget').shadowRoot;
                if (root.querySelector('.ntx-msg--unsent')) return true;
                return root.querySelector('.ntx-typing').hidden &&
                       root.querySelectorAll('.ntx-msg--bot, .ntx-replies').length > before;
            }""",
            arg=before,
            timeout=timeout_ms,
        )
        expect(self.page.locator(".ntx-msg--unsent")).to_have_count(0)
        return self.bot_bubbles.all_inner_texts()[answered:]

    def last_bot_text(self) -> str:
        return self.bot_bubbles.last.inner_text()

    def active_titles(self) -> list:
        return self.active_replies().all_inner_texts()

    def shadow_active(self) -> dict:
        """The focused control inside the widget (document.activeElement is the shadow host)."""
        return self.page.evaluate(
            """() => {
                const host = document.getElementById('nortex-chat-widget');
                const el = host && host.shadowRoot.activeElement;
                return el ? {tag: el.tagName.toLowerCase(), cls: el.className,
                             text: (el.textContent || '').trim(), label: el.getAttribute('aria-label')}
                          : null;
            }"""
        )
