"""The screening tier is wired for every intent and every form (data/rules/risk_screen.yml),
and a clear "no" is told apart from everything else (clinic/screen_answers.py)."""

from __future__ import annotations

import pytest
import yaml
from safety_fixtures import ROOT

from clinic.screen_answers import is_clear_no

DOMAIN = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
RULES = yaml.safe_load((ROOT / "data" / "rules" / "risk_screen.yml").read_text())["rules"]
# Risk in the answer is answered by the crisis or screening rules themselves.
NOT_ANSWERS = {"crisis", "risk_screen"}


def test_every_intent_has_an_answer_rule_after_the_screening_question():
    answered = {
        r["steps"][2]["intent"]
        for r in RULES
        if r["steps"][:2] == [{"action": "action_risk_screen"}, {"active_loop": None}]
        and r["steps"][3:] == [{"action": "action_screen_answer"}]
    }
    expected = {i if isinstance(i, str) else next(iter(i)) for i in DOMAIN["intents"]}
    assert answered == (expected - NOT_ANSWERS) | {"nlu_fallback"}


@pytest.mark.parametrize("form", sorted(DOMAIN["forms"]))
def test_every_form_yields_to_a_warning_sign(form):
    assert any(
        r.get("condition") == [{"active_loop": form}]
        and r["steps"]
        == [{"intent": "risk_screen"}, {"action": "action_risk_screen"}, {"active_loop": None}]
        for r in RULES
    )


@pytest.mark.parametrize(
    "text",
    [
        "no",
        "No.",
        "nope",
        "nah, I'm fine",
        "no, never",
        "No I haven't",
        "no thank you",
        "para nada",
        "no, estoy bien",
        "No. I'm okay, thanks",
    ],
)
def test_clear_denials(text):
    assert is_clear_no(text)


@pytest.mark.parametrize(
    "text",
    [
        "yes",
        "yeah",
        "sometimes",
        "not really",
        "no but sometimes",
        "kind of",
        "idk",
        "maybe",
        "no, I just want it to stop",
        "what are your hours?",
        "a veces",
        "no se",
        "",
    ],
)
def test_anything_else_is_not_a_no(text):
    assert not is_clear_no(text)
