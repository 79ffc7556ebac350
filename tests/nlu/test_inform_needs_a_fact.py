"""`inform` only with a fact in the message (components/inform_needs_a_fact.py, issue 16).

Outside a form `inform` starts a consultation request, so a message without an office,
a time, a name, a phone number or an email must not end as `inform`.
"""

import pytest
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from components.inform_needs_a_fact import InformNeedsAFact


def classified(text, ranking, entities=()):
    message = Message(
        data={
            TEXT: text,
            INTENT: ranking[0],
            INTENT_RANKING_KEY: ranking,
            ENTITIES: list(entities),
        }
    )
    InformNeedsAFact().process([message])
    return message


INFORM = {"name": "inform", "confidence": 0.84}
GREET = {"name": "greet", "confidence": 0.1}


def test_without_a_fact_the_next_intent_stands_on_its_own_confidence():
    message = classified("qwer asdf zxcv", [INFORM, GREET])
    assert message.get(INTENT) == GREET
    assert [r["name"] for r in message.get(INTENT_RANKING_KEY)] == ["greet"]


@pytest.mark.parametrize(
    "text,entities",
    [
        ("call me on 469 555 0188", []),
        ("it's kim.le@example.com", []),
        ("frisco works", [{"entity": "location", "value": "Frisco"}]),
    ],
)
def test_a_phone_email_or_entity_keeps_inform(text, entities):
    assert classified(text, [INFORM, GREET], entities).get(INTENT) == INFORM


def test_a_fact_split_between_inform_and_a_booking_request_is_one_booking_message():
    ranking = [
        {"name": "inform", "confidence": 0.32},
        {"name": "request_appointment", "confidence": 0.30},
        {"name": "greet", "confidence": 0.28},
    ]
    message = classified("hello this is derek chu, 972.555.0119", ranking)
    assert message.get(INTENT)["name"] == "inform"
    assert message.get(INTENT)["confidence"] == pytest.approx(0.62)
    assert [r["name"] for r in message.get(INTENT_RANKING_KEY)] == ["inform", "greet"]


def test_without_a_fact_the_two_are_not_merged():
    ranking = [
        {"name": "request_appointment", "confidence": 0.40},
        {"name": "inform", "confidence": 0.35},
    ]
    message = classified("hmm maybe later", ranking)
    assert message.get(INTENT)["name"] == "request_appointment"
    assert message.get(INTENT)["confidence"] == pytest.approx(0.40)


FACTS = [
    {"entity": "coverage_type", "value": "self_pay"},
    {"entity": "location", "value": "McKinney"},
    {"entity": "time", "value": "any evening"},
]


def test_three_kinds_of_booking_fact_make_a_booking_message_not_an_faq():
    ranking = [{"name": "faq", "confidence": 0.88}, {"name": "inform", "confidence": 0.1}]
    message = classified("self-pay, mckinney, any evening", ranking, FACTS)
    assert message.get(INTENT) == {"name": "request_appointment", "confidence": 1.0}
    assert [r["name"] for r in message.get(INTENT_RANKING_KEY)] == ["request_appointment"]


@pytest.mark.parametrize(
    "text,top",
    [
        ("do you take cigna at mckinney in the evening", "faq"),  # a question
        ("self pay at mckinney in the evening, how much is it", "faq"),
        ("self-pay, mckinney, any evening", "request_callback"),  # asks for something else
    ],
)
def test_questions_and_other_requests_keep_their_intent(text, top):
    ranking = [{"name": top, "confidence": 0.9}, {"name": "inform", "confidence": 0.05}]
    assert classified(text, ranking, FACTS).get(INTENT)["name"] == top


def test_two_kinds_of_fact_are_not_enough():
    ranking = [{"name": "faq", "confidence": 0.9}]
    message = classified("self-pay, mckinney", ranking, FACTS[:2])
    assert message.get(INTENT)["name"] == "faq"


def test_a_message_made_only_of_facts_is_an_answer():
    # "tia" is also the Spanish word for aunt: a name DIET had never seen read as an FAQ
    text = "i'm tia webb"
    entities = [
        {"entity": "person", "value": "tia webb", "start": 4, "end": 12},
        {"entity": "relationship", "value": "aunt", "start": 4, "end": 7},
    ]
    message = classified(text, [{"name": "faq", "confidence": 0.76}], entities)
    assert message.get(INTENT) == {"name": "inform", "confidence": 1.0}


def test_a_fact_with_a_question_beside_it_keeps_its_intent():
    text = "i'm tia webb, what does it cost"
    entities = [{"entity": "person", "value": "tia webb", "start": 4, "end": 12}]
    message = classified(text, [{"name": "faq", "confidence": 0.99}], entities)
    assert message.get(INTENT)["name"] == "faq"


@pytest.mark.parametrize(
    "text,kept",
    [
        ("teresa nguyen", True),  # census names
        ("my name is ngozi adeyemi", True),  # a lead-in
        ("asdf qwer", False),  # unknown words, no lead-in: a keyboard mash
    ],
)
def test_a_name_alone_is_a_fact_when_it_reads_as_one(text, kept):
    entities = [{"entity": "person", "value": text.replace("my name is ", "")}]
    message = classified(text, [INFORM, GREET], entities)
    assert (message.get(INTENT)["name"] == "inform") is kept


def test_button_payloads_are_left_alone():
    payload = '/inform{"booking_choice": "skip"}'
    assert classified(payload, [INFORM, GREET]).get(INTENT) == INFORM


@pytest.mark.parametrize("text", ["zxcvb nmasd", "lkjh poiu mnbv", "qwerty uiop"])
def test_keyboard_mashes_never_start_a_request(nlu_parse, text):
    parse = nlu_parse(text)
    assert parse["intent"]["name"] not in ("inform", "request_appointment")


@pytest.mark.parametrize(
    "text,entity",
    [("mckinney, weekday evenings", "location"), ("I have Cigna", "insurance_carrier")],
)
def test_facts_alone_are_still_inform_with_their_entities(nlu_parse, text, entity):
    parse = nlu_parse(text)
    assert parse["intent"]["name"] == "inform"
    assert entity in {e["entity"] for e in parse["entities"]}


CANCEL = {"name": "cancel", "confidence": 0.54}


@pytest.mark.parametrize(
    "text,entities",
    [
        (
            "wait no, mckinney is closer for me, not dallas",
            [
                {"entity": "location", "value": "McKinney"},
                {"entity": "location", "value": "Dallas"},
            ],
        ),
        ("no sorry, my number is 214 555 0177", []),
    ],
)
def test_a_correction_read_as_cancel_is_an_answer(text, entities):
    message = classified(text, [CANCEL, INFORM], entities)
    assert message.get(INTENT)["name"] == "inform"


@pytest.mark.parametrize(
    "text",
    [
        "cancel, i'll just call the dallas office",
        "never mind, dallas is too far",
        "olvídalo, dallas no",
    ],
)
def test_a_stop_said_with_a_fact_stays_a_cancel(text):
    message = classified(text, [CANCEL, INFORM], [{"entity": "location", "value": "Dallas"}])
    assert message.get(INTENT)["name"] == "cancel"


def test_turning_an_office_down_is_a_correction_not_a_stop():
    # "don't want" says which office, not that the request should stop.
    entities = [
        {"entity": "location", "value": "Dallas"},
        {"entity": "location", "value": "Frisco"},
    ]
    message = classified("i dont want dallas, frisco is better", [CANCEL, INFORM], entities)
    assert message.get(INTENT)["name"] == "inform"
