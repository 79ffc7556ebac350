"""Visitors under 18 and questions about individual treatment."""

import pytest
from rasa_sdk.executor import CollectingDispatcher
from safety_fixtures import all_text, make_tracker, shown

from actions.minor_age import says_under_18, stated_age
from actions.safety import ActionMedicalAdvice, ActionMinorGuidance


@pytest.mark.parametrize(
    "text, age",
    [
        ("I'm 16", 16),
        ("i am fifteen years old", 15),
        ("16yo here", 16),
        ("tengo 15 años", 15),
        ("I'm 19", 19),
        ("I'm 15 minutes late", None),
        ("I am 17 weeks pregnant", None),
        ("my son is 15", None),
    ],
)
def test_stated_age(text, age):
    assert stated_age(text) == age


@pytest.mark.parametrize(
    "text", ["I'm under 18", "im a teenager", "I'm in high school", "I am 13", "soy menor de edad"]
)
def test_says_under_18(text):
    assert says_under_18(text)


@pytest.mark.parametrize(
    "text", ["I'm 18", "I am 42", "my daughter is 16", "I was 15 when it started"]
)
def test_adults_and_other_people_are_not_minors(text):
    assert not says_under_18(text)


async def run(action, domain, tracker):
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, tracker, domain)
    return (
        shown(dispatcher, domain, tracker),
        {e["name"]: e["value"] for e in events if e["event"] == "slot"},
        events,
    )


async def test_minor_gets_guidance_crisis_lines_and_nothing_is_collected(domain, profile):
    messages, slots, events = await run(
        ActionMinorGuidance(),
        domain,
        make_tracker(
            "I'm 16",
            "under_18",
            active_loop="booking_form",
            slots={"requested_slot": "phone", "full_name": "Sam Doe", "paused_form": None},
        ),
    )
    text = all_text(messages)
    assert "parent or guardian" in text and profile.phone in text
    assert "988" in text and "911" in text
    assert slots["is_minor"] is True
    assert (
        slots["full_name"] is None and slots["phone"] is None
    )  # what the form had collected is dropped
    assert [e.get("name") for e in events if e["event"] == "active_loop"] == [None]


async def test_stated_adult_age_is_not_treated_as_a_minor(domain):
    messages, slots, _ = await run(
        ActionMinorGuidance(), domain, make_tracker("I'm 19 years old", "under_18")
    )
    assert slots == {}
    assert "under 18" not in all_text(messages)


async def test_medical_advice_explains_a_provider_decides_and_offers_a_consultation(domain):
    messages, _, events = await run(
        ActionMedicalAdvice(),
        domain,
        make_tracker("can I drink alcohol after ketamine", "medical_advice"),
    )
    text = all_text(messages)
    assert "can't give individual medical advice" in text and "consultation" in text
    assert {"title": "Request an appointment", "payload": "/request_appointment"} in messages[0][
        "buttons"
    ]
    assert events == []


async def test_medical_advice_inside_a_form_makes_no_second_offer(domain):
    messages, _, _ = await run(
        ActionMedicalAdvice(),
        domain,
        make_tracker("is it safe with lithium", "medical_advice", active_loop="booking_form"),
    )
    assert "provider decides" in all_text(messages)
    assert messages[0]["buttons"] == []
