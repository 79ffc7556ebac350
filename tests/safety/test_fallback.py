"""Low confidence: the two most likely topics as buttons, never crisis; a person after
repeated misunderstandings."""

from rasa_sdk.executor import CollectingDispatcher
from safety_fixtures import make_tracker, shown

from actions.fallback import ActionDefaultAskAffirmation


def parse(intents, faq=()):
    return {
        "intent_ranking": [{"name": n, "confidence": c} for n, c in intents],
        "response_selector": {
            "faq": {
                "ranking": [{"intent_response_key": f"faq/{k}", "confidence": c} for k, c in faq]
            }
        },
    }


def fallback_event(text="hmm"):
    return {
        "event": "user",
        "text": text,
        "parse_data": {"intent": {"name": "nlu_fallback", "confidence": 1.0}},
    }


async def ask(domain, parse_extra, events=None):
    tracker = make_tracker(
        "blah", "nlu_fallback", parse_extra=parse_extra, events=events or [fallback_event()]
    )
    dispatcher = CollectingDispatcher()
    await ActionDefaultAskAffirmation().run(dispatcher, tracker, domain)
    [message] = shown(dispatcher, domain, tracker)
    return message


async def test_offers_the_two_most_likely_topics_with_natural_payloads(domain):
    message = await ask(
        domain,
        parse(
            [("nlu_fallback", 1.0), ("faq", 0.4), ("request_appointment", 0.3), ("greet", 0.1)],
            faq=[("booster_frequency", 0.6), ("benefit_duration", 0.3), ("locations", 0.1)],
        ),
    )
    assert message["buttons"] == [
        {
            "title": "How often are boosters needed?",
            "payload": "How often are booster sessions needed?",
        },
        {
            "title": "How long do the benefits last?",
            "payload": "How long do the benefits of ketamine therapy last?",
        },
        {"title": "Request an appointment", "payload": "/request_appointment"},
        {"title": "Something else", "payload": "/out_of_scope"},
    ]
    assert message["text"].startswith("Sorry, I'm not sure I understood")


async def test_mixes_intents_and_faq_topics_in_ranking_order(domain):
    message = await ask(
        domain,
        parse(
            [("nlu_fallback", 1.0), ("request_appointment", 0.4), ("faq", 0.3)],
            faq=[("locations", 0.9)],
        ),
    )
    assert [b["payload"] for b in message["buttons"]] == [
        "/request_appointment",
        "Where are your offices?",
        "/out_of_scope",
    ]


async def test_never_offers_crisis_or_small_talk_as_a_topic(domain):
    message = await ask(
        domain, parse([("nlu_fallback", 1.0), ("crisis", 0.3), ("greet", 0.2), ("affirm", 0.1)])
    )
    assert message["buttons"] == [
        {"title": "Request an appointment", "payload": "/request_appointment"},
        {"title": "Something else", "payload": "/out_of_scope"},
    ]
    assert "?" in message["text"]


async def test_after_repeated_misunderstandings_a_person_is_offered(domain):
    once = await ask(
        domain, parse([("nlu_fallback", 1.0), ("faq_menu", 0.3)]), events=[fallback_event()]
    )
    assert "/human_handoff" not in str(once["buttons"])
    twice = await ask(
        domain,
        parse([("nlu_fallback", 1.0), ("faq_menu", 0.3)]),
        events=[fallback_event("asdf"), {"event": "bot", "text": "?"}, fallback_event("qwer")],
    )
    assert twice["buttons"][-1] == {"title": "Talk to a person", "payload": "/human_handoff"}


def test_the_final_fallback_offers_a_person(domain):
    # After the second stage fails, Rasa's action_default_fallback utters utter_default.
    default = domain["responses"]["utter_default"][0]
    assert "{clinic_phone}" in default["text"] and "{clinic_hours}" in default["text"]
    assert {"title": "Request a call back", "payload": "/request_callback"} in default["buttons"]
