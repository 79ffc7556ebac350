"""Spanish booking facts (issue 19): what a Spanish visitor states is kept, as English would be.

- A first Spanish message that asks to book and states a name, an office, a time and a
  phone number starts the request with all four; typed Spanish answers to the later
  questions (new patient, reason, coverage) are taken, not sent to the fallback; and the
  request queued for the app holds the same stored values as an English one ("new",
  "Anxiety", "self_pay"). Through the production path: the trained model, Rasa's rules and
  form, the real actions in-process; the app is unreachable on purpose, so the request is
  queued in a temporary outbox and read back from there.
- Without a model: the Spanish lookup words map to values the form's field rules accept
  (data/nlu/booking_entities.yml), a stored relationship is read back in Spanish, and
  Spanish words next to a name are not taken as part of it.

The phrases are written for this test (not from tests/spanish/dev.yml or test.yml).
"""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Dict, List

import pytest
import yaml
from live_visitor import Visitor, texts
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from safety_fixtures import make_tracker

from actions.booking import (
    ValidateBookingForm,
    booking_summary,
    facts_text,
    parse_booking_answer,
)
from actions.booking_fields import completed_name
from actions.preferred_time import parse_preferred_time
from clinic.appointment_contract import COVERAGE_TYPES
from clinic.profile import load_profile

ROOT = Path(__file__).resolve().parents[2]
PROFILE = load_profile()


def plain(text: str) -> str:
    text = unicodedata.normalize("NFKD", str(text))
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


# --- without a model -------------------------------------------------------------------------


def entity_tables() -> Dict[str, Dict[str, str]]:
    """For each lookup table: every word and the value EntitySynonymMapper gives it."""
    data = yaml.safe_load((ROOT / "data/nlu/booking_entities.yml").read_text(encoding="utf-8"))
    synonyms, tables = {}, {}
    for block in data["nlu"]:
        words = [w.strip()[2:] for w in block["examples"].splitlines() if w.strip()]
        if "synonym" in block:
            synonyms.update({w.lower(): str(block["synonym"]) for w in words})
        elif "lookup" in block:
            tables[block["lookup"]] = words
    return {name: {w: synonyms.get(w.lower(), w) for w in words} for name, words in tables.items()}


@pytest.mark.parametrize("entity", ["coverage_type", "visit_reason", "patient_status"])
def test_spanish_lookup_words_store_the_english_values(entity):
    expected = {
        "coverage_type": set(COVERAGE_TYPES),
        "visit_reason": set(PROFILE.visit_reasons),
        "patient_status": {"new", "returning"},
    }[entity]
    for word, value in entity_tables()[entity].items():
        assert value in expected, f"{entity}: {word!r} -> {value!r}"
        parsed = parse_booking_answer(entity, value, profile=PROFILE, has_phone=True)
        assert parsed.ok and parsed.value == value, (entity, word, value)


def test_spanish_words_of_the_lookup_tables():
    tables = entity_tables()
    assert tables["coverage_type"]["pago en efectivo"] == "self_pay"
    assert tables["coverage_type"]["no tengo aseguranza"] == "self_pay"
    assert tables["coverage_type"]["no sé si mi seguro"] == "not_sure"
    assert tables["visit_reason"]["ansiedad"] == "Anxiety"
    assert tables["visit_reason"]["estrés postraumático"] == "PTSD"
    assert tables["visit_reason"]["depresion"] == "Depression"
    assert tables["patient_status"]["paciente nuevo"] == "new"
    assert tables["patient_status"]["ya soy paciente"] == "returning"
    assert tables["relationship"]["hijo"] == "son"
    assert tables["relationship"]["mamá"] == "mother"
    assert tables["provider"]["la enfermera practicante"] == "Brittany Huckaby"


def test_every_relationship_word_is_a_storable_english_word():
    for word, value in entity_tables()["relationship"].items():
        parsed = parse_booking_answer("relationship", value, profile=PROFILE, has_phone=True)
        assert parsed.ok and value.isascii(), (word, value)


def test_a_stored_relationship_reads_back_in_spanish():
    request = {
        "full_name": "Arturo Ibáñez",
        "phone": "+12145550161",
        "email": "skipped",
        "location": "Frisco",
        "preferred_time": "los lunes",
        "patient_status": "new",
        "coverage_type": "self_pay",
        "contact_consent": True,
        "patient_name": "Leonor Ibáñez",
        "relationship": "wife",
    }
    spanish = booking_summary(make_tracker(slots={**request, "language": "es"}))
    assert "- Cita para: Leonor Ibáñez (su esposa)" in spanish
    english = booking_summary(make_tracker(slots={**request, "language": "en"}))
    assert "- Appointment for: Leonor Ibáñez (your wife)" in english
    facts = {"patient_name": "Leonor Ibáñez", "relationship": "mother"}
    assert facts_text(facts, "es") == "para su mamá Leonor Ibáñez"
    assert facts_text(facts) == "for your mother Leonor Ibáñez"
    # A word typed in Spanish that has no synonym is shown as it was stored.
    assert facts_text({"patient_name": "Leo Ruiz", "relationship": "compadre"}, "es") == (
        "para su compadre Leo Ruiz"
    )


def relationship_tracker(text: str, word: str, value: str, language: str, before=None):
    """The form's tracker after a message whose relationship entity is `word` (as typed)."""
    start = text.index(word)
    found = {"entity": "relationship", "value": value, "start": start, "end": start + len(word)}
    latest = {"text": text, "intent": {"name": "inform", "confidence": 0.9}, "entities": [found]}
    events = [{"event": "slot", "name": "relationship", "value": before}] if before else []
    events += [
        {"event": "user", "text": text, "parse_data": latest},
        {"event": "slot", "name": "relationship", "value": value},
    ]
    return Tracker.from_dict(
        {
            "sender_id": "es-relationship",
            "slots": {"language": language, "relationship": value},
            "latest_message": latest,
            "events": events,
            "active_loop": {"name": "booking_form"},
            "latest_action_name": "action_listen",
        }
    )


@pytest.mark.parametrize(
    "text, word, value, language, before, kept",
    [
        # The English table's "son" is the Spanish verb: not a relation, the earlier one stays.
        ("mis dias libres son los martes", "son", "son", "es", "daughter", "daughter"),
        ("son ataques de panico", "son", "son", "es", None, None),
        ("para mi hijo Tomas", "hijo", "son", "es", None, "son"),
        ("booking for my son", "son", "son", "en", None, "son"),
    ],
)
def test_the_spanish_verb_son_is_not_a_relation(text, word, value, language, before, kept):
    tracker = relationship_tracker(text, word, value, language, before)
    validated = ValidateBookingForm().validate_relationship(
        value, CollectingDispatcher(), tracker, {}
    )
    assert validated == {"relationship": kept}


async def ayer_at_the_time_question(slots: Dict[str, str], before: List[dict]) -> tuple:
    """The word "ayer" typed at the time question, which the name model may tag as a person: the
    form's validation after `before` (the events before that message). Returns the slots
    it set and the responses it sent."""
    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    found = {"entity": "person", "value": "ayer", "start": 0, "end": 4}
    latest = {"text": "ayer", "intent": {"name": "inform", "confidence": 0.9}, "entities": [found]}
    tracker = Tracker.from_dict(
        {
            "sender_id": "es-ayer",
            "slots": {"language": "es", "requested_slot": "preferred_time", **slots},
            "latest_message": latest,
            "events": [
                *before,
                {"event": "user", "text": "ayer", "parse_data": latest},
                {"event": "slot", "name": "full_name", "value": "ayer"},
            ],
            "active_loop": {"name": "booking_form"},
            "latest_action_name": "action_listen",
        }
    )
    dispatcher = CollectingDispatcher()
    events = await ValidateBookingForm().run(dispatcher, tracker, domain)
    slots_set = {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
    return slots_set, [m.get("response") for m in dispatcher.messages]


async def test_a_word_taken_for_a_name_does_not_erase_the_name_given_before():
    # The time is refused, and the name answered before stays, without an "Anotado: ..."
    # for it.
    slots, said = await ayer_at_the_time_question(
        {"full_name": "ayer", "phone": "+12145550142", "email": "skipped", "location": "Frisco"},
        [{"event": "slot", "name": "full_name", "value": "Juan Pérez"}],
    )
    assert slots["full_name"] == "Juan Pérez"
    assert slots["preferred_time"] is None
    assert "utter_invalid_time_past_date" in said and "utter_booking_got_it" not in said


async def test_a_name_from_before_a_restart_does_not_come_back():
    # The visitor restarted (or deleted their data) after giving a name: that name is gone
    # and must not be restored from the old events.
    slots, _ = await ayer_at_the_time_question(
        {"full_name": "ayer"},
        [{"event": "slot", "name": "full_name", "value": "Juan Pérez"}, {"event": "restart"}],
    )
    assert slots["full_name"] is None


def test_spanish_words_next_to_a_name_are_not_part_of_it():
    text = "soy Montalvo y quiero cita"
    assert completed_name(text, 4, 12) == "Montalvo"  # neither "soy" nor "y"
    text = "me llamo Graciela Montalvo"
    assert completed_name(text, 9, 17) == "Graciela Montalvo"
    text = "habla Zoila, mañana en la tarde"
    assert completed_name(text, 6, 11) == "Zoila"


def test_la_semana_que_entra_is_next_week():
    parsed = parse_preferred_time("la semana que entra")
    assert parsed.ok and parsed.value.normalized.startswith("week of")


# --- through the trained model -----------------------------------------------------------------


def queued_request(sender: str) -> dict:
    from clinic.action_outbox import default_outbox

    [row] = [r for r in default_outbox().all_rows() if r.conversation_id == sender]
    return row.body


def test_a_first_spanish_message_keeps_its_facts_to_the_stored_request(production):
    visitor = Visitor(production)
    said = visitor.says(
        "buenas tardes, me llamo Graciela Montalvo, me gustaría una consulta en la oficina "
        "de McKinney los jueves por la tarde, mi celular es 469 555 0137"
    )
    got_it = next(m["text"] for m in said if m["text"].startswith("Anotado:"))
    assert "Graciela Montalvo" in got_it and "McKinney" in got_it and "(469) 555-0137" in got_it
    assert visitor.slot("full_name") == "Graciela Montalvo"
    assert visitor.slot("location") == "McKinney"
    assert visitor.slot("phone") == "+14695550137"
    assert "jueves por la tarde" in plain(visitor.slot("preferred_time"))
    assert visitor.slot("requested_slot") == "email"  # the four facts are not asked again
    assert "correo electrónico" in texts(said)

    visitor.says("no tengo correo")
    assert visitor.slot("requested_slot") == "patient_status"
    # Typed Spanish answers reach the form (no "did you mean" fallback).
    visitor.says("soy nueva aquí")
    assert visitor.slot("patient_status") == "new"
    visitor.says("por la ansiedad")
    assert visitor.slot("visit_reason") == "Anxiety"
    visitor.says("no tengo aseguranza, pago yo")
    assert visitor.slot("coverage_type") == "self_pay"
    said = visitor.says("sí")  # consent: the summary follows
    assert "- Nombre: Graciela Montalvo" in texts(said)
    assert "- Motivo de la visita: Ansiedad" in texts(said)
    said = visitor.says("sí, envíela")
    assert "referencia NTX-" in texts(said)

    request = queued_request(visitor.sender)
    assert request["full_name"] == "Graciela Montalvo"
    assert request["phone"] == "+14695550137"
    assert request["location"] == "McKinney"
    assert "jueves por la tarde" in plain(request["preferred_time_text"])
    assert request["preferred_time_normalized"] == "Thursday, afternoons"
    assert request["patient_status"] == "new"
    assert request["visit_reason"] == "Anxiety"
    assert request["coverage_type"] == "self_pay"
    assert request["language"] == "es"


def test_a_spanish_request_for_someone_else_keeps_who_and_for_whom(production):
    visitor = Visitor(production)
    said = visitor.says(
        "hola, quiero sacar cita para mi esposa Leonor Ibáñez, yo soy Arturo Ibáñez, "
        "en Frisco, mi número es 214 555 0161"
    )
    got_it = next(m["text"] for m in said if m["text"].startswith("Anotado:"))
    assert "para su esposa Leonor Ibáñez" in got_it  # stored "wife", read back in Spanish
    assert visitor.slot("relationship") == "wife"
    assert visitor.slot("patient_name") == "Leonor Ibáñez"
    assert visitor.slot("full_name") == "Arturo Ibáñez"
    assert visitor.slot("location") == "Frisco"
    assert visitor.slot("phone") == "+12145550161"
