"""Debian's Chromium driven by Playwright (nothing downloads a browser), plus page helpers."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pytest
from playwright.sync_api import Browser, expect, sync_playwright
from scripted_gateway import ScriptedGateway
from widget_page import Widget

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
# Generous: two CPU cores are shared with Rasa and the action server during the tests.
expect.set_options(timeout=20_000)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    # Module scope: Playwright's sync API runs its own event loop, so it is closed again
    # before other modules' asyncio tests run.
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} not found: install Debian's chromium package (.ci/run does)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def screenshots(results_dir: Path) -> Path:
    path = results_dir / "screenshots"
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture
def scripted_site(browser: Browser):
    """Factory: a fresh browser context (empty storage) on the scripted clinic site."""
    opened = []

    def make(**context_options):
        gateway = ScriptedGateway()
        context = browser.new_context(
            **{"viewport": {"width": 1280, "height": 800}, **context_options}
        )
        gateway.attach(context)
        opened.append((gateway, context))
        page = context.new_page()
        return gateway, page, Widget(page)

    yield make
    for gateway, context in opened:
        context.close()
        assert gateway.foreign_requests == [], "the page contacted another host"


@pytest.fixture
def scripted(scripted_site):
    return scripted_site()
