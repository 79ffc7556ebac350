"""A Spanish-speaking visitor in Chromium against the real stack (issue 19).

The browser's language is Spanish (es-MX) on the English demo page: the widget and the
assistant start in Spanish, a typed Spanish question gets the article's answer in Spanish,
a whole consultation request is sent in Spanish (a wrong phone number refused in Spanish, the
summary's field names in Spanish) and stored with language "es", a Spanish
crisis message gets the Spanish crisis lines, and the "English | Español" switch changes
the language both ways. Screenshots: var/test-results/screenshots/es-*.png.
"""

from __future__ import annotations

import re

import pytest
from chat_visitor import REFERENCE
from playwright.sync_api import expect
from test_widget_live import stored_request
from widget_page import Widget

from clinic.profile import load_profile

pytestmark = [pytest.mark.browser, pytest.mark.stack]


class SpanishWidget(Widget):
    """The same widget, its own controls named in Spanish."""

    def __init__(self, page) -> None:
        super().__init__(page)
        self.input = page.get_by_role("textbox", name="Su mensaje")
        self.send_button = page.get_by_role("button", name="Enviar", exact=True)


@pytest.fixture
def spanish_visitor(browser, live_stack):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="es-MX")
    page = context.new_page()
    yield page, SpanishWidget(page)
    context.close()


def shot(page, screenshots, name: str) -> None:
    page.screenshot(path=str(screenshots / f"es-{name}.png"))


def test_a_spanish_visitor_asks_books_and_switches(
    spanish_visitor, live_stack, screenshots, monkeypatch
):
    page, widget = spanish_visitor
    profile = load_profile()
    page.goto(live_stack.bot_url + "/")
    expect(page.locator(".ntx-dock-help")).to_have_text("Ayuda inmediata")
    greeting = " ".join(widget.exchange(widget.open))
    assert "asistente automatizado" in greeting and "no una persona" in greeting
    expect(page.locator(".ntx-language[lang=es]")).to_have_attribute("aria-pressed", "true")
    shot(page, screenshots, "01-greeting")

    answer = " ".join(
        widget.exchange(lambda: widget.say("en cuanto tiempo empieza a funcionar la ketamina"))
    )
    assert "horas a días" in answer  # utter_faq/relief_speed, in Spanish
    shot(page, screenshots, "02-faq")

    widget.exchange(widget.reply_button("Pedir una cita").click)
    assert "nombre completo" in widget.last_bot_text()
    widget.exchange(lambda: widget.say("Juana Pérez"))
    refused = " ".join(widget.exchange(lambda: widget.say("555-0100")))
    assert "Ese número es demasiado corto" in refused  # the refusal in Spanish too
    steps = [
        lambda: widget.say("214 555 0100"),
        widget.reply_button("Omitir").click,  # email
        widget.reply_button(profile.booking_locations[1]).click,
        widget.reply_button("Entre semana por la mañana").click,
        widget.reply_button("Paciente nuevo").click,
        widget.reply_button(profile.spanish.labels[profile.visit_reasons[1]]).click,
        widget.reply_button(profile.spanish.labels["Self-pay"]).click,
        widget.reply_button("Sí, acepto").click,
    ]
    for number, step in enumerate(steps, 1):
        widget.exchange(step)
        shot(page, screenshots, f"03-booking-{number:02d}")
    summary = " ".join(widget.bot_bubbles.all_inner_texts()[-2:])
    assert "Esta es su solicitud" in summary
    assert "Teléfono: (214) 555-0100" in summary and "Motivo de la visita:" in summary
    sent = " ".join(widget.exchange(widget.reply_button("Enviar solicitud").click))
    reference = REFERENCE.search(sent)
    assert reference and "Su solicitud fue enviada" in sent
    assert profile.spanish.follow_up in sent
    shot(page, screenshots, "04-booking-sent")

    monkeypatch.setenv("DATA_KEY_FILE", str(live_stack.var_dir / "keys" / "data.key"))
    row = stored_request(live_stack, reference.group(0))
    assert row is not None and row["language"] == "es"
    assert row["full_name"] == "Juana Pérez" and row["phone"] == "+12145550100"
    assert row["visit_reason"] == profile.visit_reasons[1] and row["coverage_type"] == "self_pay"

    crisis = " ".join(widget.exchange(lambda: widget.say("ya no quiero vivir, quiero matarme")))
    for must in ("oprima 2", "AYUDA", "741741", "911", profile.spanish.crisis.acknowledge):
        assert must in crisis, f"{must!r} missing from the Spanish crisis reply"
    page.get_by_role("button", name="Ayuda inmediata").first.click()
    expect(widget.help_panel).to_contain_text("AYUDA")
    shot(page, screenshots, "05-crisis-and-help")
    page.get_by_role("button", name="Volver al chat").click()

    # The switch: English now, for the widget and the assistant, and kept after a reload.
    switched = " ".join(widget.exchange(page.locator(".ntx-language[lang=en]").click))
    assert "continue in English" in switched
    expect(page.locator(".ntx-dock-help, .ntx-help-toggle").last).to_have_text("Get help now")
    page.reload()
    expect(page.get_by_role("textbox", name="Your message")).to_be_visible()
    expect(widget.visitor_bubbles.filter(has_text=re.compile("^English$"))).to_have_count(1)
    shot(page, screenshots, "06-switched-to-english")
