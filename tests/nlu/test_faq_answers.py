"""FAQ answers: faithful to the article, clinic facts only through slots, menu buttons answered."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Dict

import pytest
import yaml

from clinic.profile import load_profile

PROJECT_DIR = Path(__file__).resolve().parents[2]
# A verbatim copy of the source article the FAQ answers must stay faithful to.
ARTICLE_FILE = Path(__file__).with_name("source_article.txt")
FAQ_RESPONSES_FILE = PROJECT_DIR / "data" / "responses" / "faq.yml"
DOMAIN_FILE = PROJECT_DIR / "domain.yml"

# The FAQ menu's buttons (domain.yml utter_faq_menu) and the answer each one must reach.
MENU_TOPICS = {
    "How long do the benefits of ketamine therapy last?": "benefit_duration",
    "How quickly does ketamine therapy work?": "relief_speed",
    "How often are booster sessions needed?": "booster_frequency",
    "Who benefits most from ketamine therapy?": "who_benefits",
    "Where are your offices?": "locations",
    "Is ketamine therapy covered by insurance?": "coverage",
}


def answers() -> Dict[str, str]:
    """Each variant of each answer; a conditional one (Spanish, issue 19) as `<name> [es]`."""
    responses = yaml.safe_load(FAQ_RESPONSES_FILE.read_text(encoding="utf-8"))["responses"]
    return {
        name + "".join(f" [{c['value']}]" for c in v.get("condition") or []): v["text"]
        for name, variants in responses.items()
        for v in variants
    }


def plain(text: str) -> str:
    """Typographic quotes and spacing do not count as differences from the article."""
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return " ".join(text.split())


@pytest.fixture(scope="module")
def article() -> str:
    return plain(ARTICLE_FILE.read_text(encoding="utf-8"))


def test_quotations_are_verbatim_from_the_article(article):
    quoted = {name: re.findall(r'"([^"]+)"', text) for name, text in answers().items()}
    assert any(quoted.values()), "expected the article's quotes in some answers"
    wrong = [(name, q) for name, qs in quoted.items() for q in qs if plain(q) not in article]
    assert not wrong, f"quotes not found verbatim in the article: {wrong}"


def test_links_are_the_articles_own_and_all_are_offered(article):
    article_links = set(re.findall(r"https?://\S+", article))
    given = {
        link.rstrip(").,")
        for text in answers().values()
        for link in re.findall(r"https?://\S+", text)
    }
    assert given - article_links == set(), "answers link to pages the article does not cite"
    assert article_links <= set(
        re.findall(r"https?://\S+", answers()["utter_faq/sources"].replace(")", " "))
    )


def test_clinic_facts_come_from_slots_not_text():
    profile = load_profile()
    domain_slots = set(yaml.safe_load(DOMAIN_FILE.read_text(encoding="utf-8"))["slots"])
    for name, text in answers().items():
        for slot in re.findall(r"{(\w+)}", text):
            assert slot in domain_slots, f"{name} uses unknown slot {{{slot}}}"
        unquoted = re.sub(r'"[^"]*"', "", text)
        assert profile.name not in unquoted, f"{name} hard-codes the clinic name"
        assert profile.phone not in unquoted, f"{name} hard-codes the phone"
        for location in profile.locations:
            assert location not in unquoted, f"{name} hard-codes the location {location}"
        for provider in profile.providers:
            # A provider may be named only to attribute one of the article's quotations.
            if provider.name in text:
                assert '"' in text, f"{name} names {provider.name} outside a quoted attribution"


def test_every_answer_stays_short():
    # A quotation counts as part of the sentence that introduces it.
    for name, text in answers().items():
        sentences = [
            s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z])", re.sub(r'"[^"]*"', '"q"', text)) if s
        ]
        assert 1 <= len(sentences) <= 4, f"{name} has {len(sentences)} sentences"


def test_menu_buttons_still_exist():
    domain = yaml.safe_load(DOMAIN_FILE.read_text(encoding="utf-8"))
    payloads = {
        b["payload"] for v in domain["responses"]["utter_faq_menu"] for b in v.get("buttons", [])
    }
    assert set(MENU_TOPICS) <= payloads


@pytest.mark.parametrize("question, topic", sorted(MENU_TOPICS.items()))
def test_menu_buttons_reach_their_answer(nlu_parse, question, topic):
    parsed = nlu_parse(question)
    key = parsed["response_selector"]["faq"]["response"]["intent_response_key"]
    assert (parsed["intent"]["name"], key) == ("faq", f"faq/{topic}")
