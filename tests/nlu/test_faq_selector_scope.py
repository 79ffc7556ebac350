"""FaqResponseSelector (components/faq_response_selector.py) skips only messages that can't use it.

With the trained model: FAQ questions and unclear messages (whose fallback offers the
likeliest FAQ topics, actions/fallback.py) still get the selector's answer and ranking;
messages confidently in another intent go without it (the saved ~11% of Rasa's CPU).
"""

import pytest

from actions.fallback import likely_topics


def selection(parse: dict):
    return (parse.get("response_selector") or {}).get("faq")


@pytest.mark.parametrize(
    "text",
    [
        "where are your offices",
        "ketamine killed my depression, how long does it last?",
        "how fast does it start working",
    ],
)
def test_faq_questions_get_their_answer(nlu_parse, text):
    parse = nlu_parse(text)
    assert parse["intent"]["name"] == "faq"
    assert selection(parse)["response"]["utter_action"].startswith("utter_faq/")


def test_unclear_messages_still_offer_faq_topics(nlu_parse):
    parse = nlu_parse("asdf qwer zxcv")
    assert parse["intent"]["name"] == "nlu_fallback"
    assert selection(parse)["ranking"]
    assert likely_topics(parse)


def test_a_success_told_with_a_violent_verb_is_about_ketamine(nlu_parse):
    # What patients report, or the fallback's FAQ topics: never "outside what I can help with".
    parse = nlu_parse("ketamine killed my depression")
    assert parse["intent"]["name"] in ("faq", "nlu_fallback")
    assert selection(parse)["ranking"]


@pytest.mark.parametrize("text", ["hi", "I'd like to book a consultation", "cancel"])
def test_messages_sure_of_another_intent_skip_the_selector(nlu_parse, text):
    parse = nlu_parse(text)
    assert parse["intent"]["name"] not in ("faq", "nlu_fallback")
    assert selection(parse) is None
