"""The Spanish buttons that send a question (FAQ menu, fallback topics) reach their answer,
and stay Spanish: an English question there would switch the conversation to English."""

from __future__ import annotations

import pytest
import yaml

from actions.fallback import FAQ_TOPICS_ES
from clinic.language import ENGLISH, detect
from tests.nlu.test_faq_answers import DOMAIN_FILE

SPANISH = [{"type": "slot", "name": "language", "value": "es"}]


def menu_questions():
    variants = yaml.safe_load(DOMAIN_FILE.read_text(encoding="utf-8"))["responses"][
        "utter_faq_menu"
    ]
    [spanish] = [v for v in variants if v.get("condition") == SPANISH]
    return [b["payload"] for b in spanish["buttons"]]


QUESTIONS = sorted({q for _, q in FAQ_TOPICS_ES.values()} | set(menu_questions()))
TOPIC = {q: key for key, (_, q) in FAQ_TOPICS_ES.items()}


@pytest.mark.parametrize("question", QUESTIONS)
def test_button_question_is_never_read_as_english(question):
    assert detect(question) != ENGLISH


@pytest.mark.parametrize("question", sorted(TOPIC))
def test_fallback_topic_question_reaches_its_answer(nlu_parse, question):
    parsed = nlu_parse(question)
    key = parsed["response_selector"]["faq"]["response"]["intent_response_key"]
    assert (parsed["intent"]["name"], key) == ("faq", f"faq/{TOPIC[question]}")


@pytest.mark.parametrize("question", menu_questions())
def test_menu_question_is_an_faq(nlu_parse, question):
    assert nlu_parse(question)["intent"]["name"] == "faq"
