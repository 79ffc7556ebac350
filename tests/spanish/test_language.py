"""The conversation's language (issue 19), without the trained model: detection, the NLU
component, the session hint, the switch, and the Spanish crisis and screening replies."""

from __future__ import annotations

import pytest
import yaml
from rasa.shared.nlu.training_data.message import Message
from rasa_sdk.executor import CollectingDispatcher
from safety_fixtures import ROOT, all_text, make_tracker, shown

from actions.language import ActionSetLanguage, named_language
from actions.risk_screen import ActionRiskScreen
from actions.safety import ActionCrisisResponse
from actions.session import ActionSessionStart
from clinic.language import detect, language_code
from clinic.safety_lexicon import PARSE_KEY
from components.language_detector import LanguageDetector

# --- detection ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["ok", "si", "hola", "gracias!", "Juana Pérez", "214 555 0100", "sí, claro", "yes"]
)
def test_short_messages_names_and_numbers_never_decide(text):
    assert detect(text) is None


@pytest.mark.parametrize(
    "text", ["Maria de la Cruz", "Juan Carlos de los Santos", "Fernando de la Garza Ruiz"]
)
def test_a_name_alone_never_decides(text):
    # An English speaker named in Spanish stays in English while giving their name.
    assert detect(text) is None


@pytest.mark.parametrize(
    "text, language",
    [
        ("me gustaría saber si la terapia funciona para la ansiedad", "es"),
        ("Me llamo Juana Pérez y quiero una cita", "es"),
        ("necesito hablar con alguien de la oficina por favor", "es"),
        ("how long do the effects of the treatment usually last", "en"),
        ("I would like to book a consultation next week", "en"),
    ],
)
def test_clear_sentences_are_detected(text, language):
    assert detect(text) == language


@pytest.mark.parametrize(
    "value, code",
    [("es", "es"), ("es-MX", "es"), ("ES_us", "es"), ("en-GB", "en"), ("fr", None), (3, None)],
)
def test_language_codes(value, code):
    assert language_code(value) == code


# --- the NLU component --------------------------------------------------------------------


def language_entity(text, metadata=None):
    message = Message(data={"text": text, "metadata": metadata})
    LanguageDetector().process([message])
    found = [e["value"] for e in message.get("entities", []) if e["entity"] == "language"]
    assert len(found) <= 1
    return found[0] if found else None


def test_the_widget_choice_wins_over_the_text():
    text = "how long do the effects of the treatment usually last"
    assert language_entity(text, {"language_choice": "es"}) == "es"
    assert language_entity("ok", {"language_choice": "en"}) == "en"


def test_no_entity_keeps_the_slot_as_it_is():
    assert language_entity("ok") is None
    assert language_entity("/greet") is None
    assert language_entity("quiero saber cuanto dura el tratamiento de ketamina") == "es"
    # a hint is not a choice: it counts only at session start
    assert language_entity("si", {"language_hint": "es"}) is None


# --- session start and the switch ---------------------------------------------------------


async def session_language(slots):
    tracker = make_tracker("/greet", "greet", slots=slots)
    events = await ActionSessionStart().run(CollectingDispatcher(), tracker, {})
    return [e["value"] for e in events if e.get("name") == "language"]


async def test_the_page_language_starts_a_conversation_without_one():
    assert await session_language({"session_started_metadata": {"language_hint": "es"}}) == ["es"]
    assert await session_language({"session_started_metadata": {"language_hint": "xx"}}) == []
    assert await session_language({}) == []


async def test_a_kept_language_outlives_the_hint():
    slots = {"language": "en", "session_started_metadata": {"language_hint": "es"}}
    assert await session_language(slots) == ["en"]  # carried over, not replaced


@pytest.mark.parametrize(
    "text, language",
    [
        ("can we do this in Spanish?", "es"),
        ("en español por favor", "es"),
        ("hablas ingles?", "en"),
        ("spanish or english?", None),
    ],
)
def test_a_typed_request_names_its_language(text, language):
    assert named_language(text) == language


async def test_the_switch_keeps_the_slot_its_payload_set():
    tracker = make_tracker(
        '/set_language{"language": "es"}', "set_language", slots={"language": "es"}
    )
    events = await ActionSetLanguage().run(CollectingDispatcher(), tracker, {})
    assert [e["value"] for e in events if e.get("name") == "language"] == ["es"]


# --- crisis and screening in Spanish ------------------------------------------------------


async def crisis_reply(domain, text, slots, spanish_signal):
    tracker = make_tracker(
        text,
        "crisis",
        slots=slots,
        parse_extra={
            PARSE_KEY: {"about_other": False, "spanish": spanish_signal, "source": "lexicon"}
        },
    )
    dispatcher = CollectingDispatcher()
    await ActionCrisisResponse().run(dispatcher, tracker, domain)
    return all_text(shown(dispatcher, domain, tracker))


async def test_a_spanish_conversation_gets_the_crisis_reply_in_spanish(domain, profile):
    text = await crisis_reply(domain, "quiero morir", {"language": "es"}, True)
    es = profile.spanish.crisis
    for required in (
        es.acknowledge,
        profile.crisis.spanish,
        es.text_line,
        es.emergency,
        es.not_monitored,
    ):
        assert required in text
    assert "oprima 2" in text and "AYUDA" in text and "741741" in text and "911" in text
    assert profile.crisis.acknowledge not in text
    assert "?" not in text  # no question competes with the resources


async def test_before_any_language_a_spanish_message_gets_spanish(domain, profile):
    text = await crisis_reply(domain, "quiero morir", {}, True)
    assert profile.spanish.crisis.acknowledge in text


async def test_an_english_conversation_keeps_english_with_the_spanish_line(domain, profile):
    text = await crisis_reply(domain, "quiero morir", {"language": "en"}, True)
    assert profile.crisis.acknowledge in text and profile.crisis.spanish in text


async def test_the_screening_question_in_a_spanish_conversation(domain, profile):
    tracker = make_tracker(
        "ya no le encuentro sentido a nada",
        "risk_screen",
        slots={"language": "es"},
        parse_extra={PARSE_KEY: {"about_other": False, "spanish": True, "family": "hopeless"}},
    )
    dispatcher = CollectingDispatcher()
    await ActionRiskScreen().run(dispatcher, tracker, domain)
    text = all_text(shown(dispatcher, domain, tracker))
    es = profile.spanish.crisis
    # The validated English question, explained in Spanish: never a home-made translation.
    assert profile.crisis.screen.question in text and es.screen_explanation in text
    assert es.text_line in text and profile.crisis.spanish in text
    assert [b["title"] for b in dispatcher.messages[-1]["buttons"]] == ["Sí", "No"]


# --- the Spanish responses ----------------------------------------------------------------

SPANISH = [{"type": "slot", "name": "language", "value": "es"}]
MUST_HAVE_SPANISH = (
    "utter_greet",
    "utter_bot_challenge",
    "utter_ask_affirmation_topics",
    "utter_ask_affirmation_none",
    "utter_ask_rephrase",
    "utter_default",
    "utter_out_of_scope",
    "utter_booking_privacy_notice",
    "utter_human_handoff",
    "utter_ask_full_name",
    "utter_booking_sent",
    "utter_language_set",
)


def responses():
    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))["responses"]
    faq = yaml.safe_load((ROOT / "data/responses/faq.yml").read_text(encoding="utf-8"))["responses"]
    return {**domain, **faq}


@pytest.mark.parametrize(
    "name", [*MUST_HAVE_SPANISH, *sorted(n for n in responses() if n.startswith("utter_faq/"))]
)
def test_response_has_one_spanish_variation_beside_the_english(name):
    variants = responses()[name]
    spanish = [v for v in variants if v.get("condition") == SPANISH]
    english = [v for v in variants if not v.get("condition")]
    assert len(spanish) == 1 and english, name
    # the same buttons (payloads) in both languages, only the titles translated
    payloads = [b["payload"] for b in english[0].get("buttons") or []]
    assert [b["payload"] for b in spanish[0].get("buttons") or []] == payloads, name
