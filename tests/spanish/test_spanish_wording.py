"""What a Spanish visitor reads where the actions speak (issue 19), without the trained model:
the booking's and call-back's refusals, the summary and "Got it", the questionnaire's
framing, the live chat's lines and the widget's own texts. Each is checked in Spanish and,
beside it, still in English for an English visitor. Responses are rendered by Rasa's own
NLG (rasa.core.nlg), which picks the variation by the `language` slot."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime, timezone
from typing import Any, Dict, List

import pytest
import yaml
from rasa.core.nlg import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import SlotSet
from rasa.shared.core.trackers import DialogueStateTracker
from rasa_sdk.executor import CollectingDispatcher
from safety_fixtures import ROOT, make_tracker

from actions import handoff as handoff_action
from actions.assessment import ActionAskAssessmentAnswer, ActionStartAssessment, answer_buttons
from actions.assessment_answers import answer_score, chosen_instrument, wants_to_stop
from actions.assessment_scoring import load_instrument_text
from actions.booking import booking_summary, facts_text, parse_booking_answer
from actions.booking_corrections import find_corrections
from actions.booking_fields import (
    choice_list_es,
    is_skip,
    parse_coverage,
    parse_patient_status,
    parse_yes_no,
)
from actions.live_chat import LiveAnswer
from actions.safety import ActionMinorGuidance
from actions.session import clinic_fact_slots
from bot.app_state import DATABASE, RASA
from bot.live import service
from bot.live.handoffs import Handoff
from bot.live.state import LIVE_BUS
from bot.live.visitor import crisis_texts
from clinic.contact_fields import parse_email, parse_full_name, parse_phone
from clinic.profile import load_profile

DOMAIN = Domain.load(str(ROOT / "domain.yml"))
NLG = TemplatedNaturalLanguageGenerator(DOMAIN.responses)
RAW_RESPONSES = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))["responses"]
SPANISH = [{"type": "slot", "name": "language", "value": "es"}]
PROFILE = load_profile()


def rasa_tracker(language: str) -> DialogueStateTracker:
    tracker = DialogueStateTracker.from_events("conv-es", [], slots=DOMAIN.slots)
    facts = [SlotSet(e["name"], e["value"]) for e in clinic_fact_slots()]
    tracker.update_with_events([*facts, SlotSet("language", language)], DOMAIN)
    return tracker


async def rendered(messages: List[Dict[str, Any]], language: str) -> List[Dict[str, Any]]:
    """An action's messages as Rasa sends them to the visitor in that language."""
    tracker, shown = rasa_tracker(language), []
    for message in messages:
        if message.get("response"):
            extra = {k: v for k, v in message.items() if k not in ("response", "buttons")}
            draft = await NLG.generate(message["response"], tracker, "rest", **extra)
            buttons = list(draft.get("buttons") or []) + list(message.get("buttons") or [])
            shown.append({"text": draft["text"], "buttons": buttons})
        else:
            shown.append({"text": message.get("text"), "buttons": message.get("buttons") or []})
    return shown


async def refusal(parsed, language: str) -> str:
    """What the visitor reads for a refused answer."""
    assert not parsed.ok
    [message] = await rendered([{"response": parsed.error, **parsed.details}], language)
    return message["text"]


# --- every refusal has its Spanish ---------------------------------------------------------

REFUSALS = sorted(name for name in RAW_RESPONSES if name.startswith("utter_invalid_"))
VARIABLE = re.compile(r"\{(\w+)\}")


def test_every_refusal_the_code_names_is_a_response():
    code = "\n".join(
        path.read_text(encoding="utf-8")
        for folder in ("actions", "clinic")
        for path in (ROOT / folder).glob("*.py")
    )
    named = set(re.findall(r"\butter_invalid_\w*[a-z]\b", code))  # not "utter_invalid_*"
    assert named and named <= set(REFUSALS), named - set(REFUSALS)
    assert set(REFUSALS) <= named  # and none is left behind


@pytest.mark.parametrize("name", REFUSALS)
def test_refusal_has_one_spanish_variation_with_the_same_facts(name):
    variants = RAW_RESPONSES[name]
    [english] = [v for v in variants if not v.get("condition")]
    [spanish] = [v for v in variants if v.get("condition") == SPANISH]
    english_vars = set(VARIABLE.findall(english["text"]))
    spanish_vars = {v.removesuffix("_es") for v in VARIABLE.findall(spanish["text"])}
    # The Spanish drops only the English-only details: the email library's reason and a
    # date phrase read through its English words.
    assert spanish_vars == english_vars - {"reason", "phrase"}, name


@pytest.mark.parametrize(
    "parsed, spanish, english",
    [
        (parse_full_name("Madonna"), "nombre y apellido", "first and last name"),
        (parse_full_name("Jane 2 Doe"), "no debe contener números", "shouldn't contain numbers"),
        (parse_full_name("what is ketamine?"), "no parece un nombre", "doesn't look like a name"),
        (parse_full_name("123", surname=False), "por el que debemos preguntar", "ask for"),
        (parse_phone("555-0100"), "demasiado corto", "too short"),
        (parse_phone("214 555 01000"), "demasiados dígitos", "too many digits"),
        (parse_phone("call me maybe"), "no parece un número de teléfono", "phone number"),
        (parse_email("jane.example.com"), "signo @", "@ sign"),
        (parse_email("jane@example"), "no es válida", "period"),
    ],
)
async def test_contact_refusals_in_both_languages(parsed, spanish, english):
    assert spanish in await refusal(parsed, "es")
    assert english in await refusal(parsed, "en")


def booking(slot: str, text: str, has_phone: bool = True):
    return parse_booking_answer(slot, text, profile=PROFILE, has_phone=has_phone)


@pytest.mark.parametrize(
    "slot, text, spanish",
    [
        ("email", "skip", "como no tenemos un número de teléfono"),
        ("location", "Plano", "Allen, McKinney, Frisco o Dallas"),
        ("location", "Frisco or Allen", "elija solo una oficina"),
        ("patient_status", "quizás", "paciente nuevo"),
        ("visit_reason", "!!", "Depresión, Ansiedad, TEPT (PTSD) u Otro"),
        ("coverage_type", "banana", "pago por su cuenta"),
        ("insurance_carrier", "123", "compañía de seguro"),
        ("insurance_member_id", "!!", 'diga "omitir"'),
        ("insurance_member_id", "A12", "de 5 a 30"),
        ("provider", "Jones", "Dr. Clayton L. Allison o Brittany Huckaby"),
        ("preferred_time", "ayer", "Esa fecha ya pasó"),
        ("preferred_time", "hmm", "No pude reconocer un día ni una hora"),
    ],
)
async def test_booking_refusals_in_spanish(slot, text, spanish):
    parsed = booking(slot, text, has_phone=slot != "email")
    said = await refusal(parsed, "es")
    assert spanish in said
    assert "Please" not in said


async def test_an_english_visitor_still_reads_english():
    said = await refusal(booking("location", "Plano"), "en")
    assert said == "Please choose one of our locations: Allen, McKinney, Frisco or Dallas."


def test_spanish_lists_say_u_before_an_o_sound():
    assert choice_list_es(["Depresión", "Otro"]) == "Depresión u Otro"
    assert choice_list_es(["Allen", "Dallas"]) == "Allen o Dallas"


# --- Spanish answers are understood -------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["omitir", "no tengo correo", "no tengo", "prefiero no decirlo", "no, gracias"]
)
def test_spanish_skips(text):
    assert is_skip(text)


@pytest.mark.parametrize(
    "text, answer", [("sí", True), ("Sí, claro", True), ("de acuerdo", True), ("no", False)]
)
def test_spanish_yes_and_no(text, answer):
    assert parse_yes_no(text) is answer


@pytest.mark.parametrize(
    "text, status",
    [
        ("soy paciente nuevo", "new"),
        ("es la primera vez", "new"),
        ("nunca he ido", "new"),
        ("ya soy paciente", "returning"),
        ("vengo de nuevo", "returning"),
        ("no soy nueva", "returning"),
    ],
)
def test_spanish_patient_status(text, status):
    assert parse_patient_status(text).value == status


@pytest.mark.parametrize(
    "text, coverage",
    [
        ("no tengo seguro", "self_pay"),
        ("pago por mi cuenta", "self_pay"),
        ("no sé", "not_sure"),
        ("no estoy segura", "not_sure"),
        ("tengo seguro médico", "insurance"),
    ],
)
def test_spanish_coverage(text, coverage):
    assert parse_coverage(text).value == coverage


@pytest.mark.parametrize(
    "text, slot, value",
    [
        ("cambia mi teléfono a 214 555 0100", "phone", "+12145550100"),
        ("cambia mi nombre a José Pérez", "full_name", "José Pérez"),
        ("mi correo es ana@example.com", "email", "ana@example.com"),
        ("mejor Frisco", "location", "Frisco"),
        ("el motivo es ansiedad", "visit_reason", "Anxiety"),
    ],
)
def test_spanish_changes_at_the_summary(text, slot, value):
    [change] = find_corrections(text, booking, PROFILE.booking_locations, PROFILE.providers)
    assert (change.slot, change.parsed.value) == (slot, value)


def test_a_spanish_time_change_keeps_the_visitors_words():
    [change] = find_corrections(
        "mejor los martes por la mañana", booking, PROFILE.booking_locations, PROFILE.providers
    )
    assert change.slot == "preferred_time"
    assert change.parsed.value.text == "los martes por la mañana"


def test_not_sure_at_the_summary_changes_nothing():
    # "seguro" (sure / insurance) is no field's name: "no estoy seguro" is not a change.
    assert find_corrections("no estoy seguro", booking, PROFILE.booking_locations) == []


# --- the summary and "Got it" ----------------------------------------------------------------

REQUEST = {
    "full_name": "Juana Pérez",
    "phone": "+12145550142",
    "email": "skipped",
    "location": "Frisco",
    "preferred_time": "los martes por la mañana",
    "preferred_time_normalized": "Tuesday, mornings",
    "patient_status": "new",
    "visit_reason": "Depression",
    "coverage_type": "insurance",
    "insurance_carrier": "Aetna",
    "insurance_member_id": "skipped",
    "contact_consent": True,
}


def test_the_summary_in_spanish():
    summary = booking_summary(make_tracker(slots={**REQUEST, "language": "es"}))
    assert summary.splitlines() == [
        "- Nombre: Juana Pérez",
        "- Teléfono: (214) 555-0142",
        "- Correo electrónico: no indicado",
        "- Oficina: Frisco",
        "- Horario preferido: los martes por la mañana (martes, mañanas)",
        "- Proveedor: sin preferencia",
        "- Paciente: Paciente nuevo",
        "- Motivo de la visita: Depresión",
        "- Cobertura: Seguro médico: Aetna, número de miembro no indicado",
        "- Autoriza que le contactemos sobre esta solicitud: sí",
    ]


def test_the_summary_stays_english_for_an_english_visitor():
    summary = booking_summary(make_tracker(slots={**REQUEST, "language": "en"}))
    assert summary.splitlines()[0] == "- Name: Juana Pérez"
    assert "- Preferred time: los martes por la mañana (Tuesday, mornings)" in summary
    assert "- Coverage: Insurance: Aetna, member ID not given" in summary
    assert "- OK to contact you about this request: yes" in summary


def test_the_summary_for_someone_else_in_spanish():
    slots = {**REQUEST, "language": "es", "patient_name": "Leo Pérez", "relationship": "hijo"}
    summary = booking_summary(make_tracker(slots=slots))
    assert "- Su nombre: Juana Pérez" in summary
    assert "- Cita para: Leo Pérez (su hijo)" in summary


def test_got_it_in_both_languages():
    facts = {"location": "Frisco", "provider": "Brittany Huckaby", "patient_status": "new"}
    assert facts_text(facts, "es") == "Frisco, con Brittany Huckaby, paciente nuevo"
    assert facts_text(facts) == "Frisco, with Brittany Huckaby, new patient"


# --- the questionnaire ---------------------------------------------------------------------

TEXT = load_instrument_text()


async def test_the_questionnaire_is_introduced_in_spanish():
    dispatcher = CollectingDispatcher()
    tracker = make_tracker("/start_assessment", "start_assessment", slots={"language": "es"})
    await ActionStartAssessment().run(dispatcher, tracker, {})
    intro, attribution = (m["text"] for m in dispatcher.messages)
    assert "aparecen en inglés" in intro  # the questions stay in their validated English
    assert f'"{TEXT.disclaimer}"' in intro and f"«{TEXT.spanish.disclaimer}»" in intro
    assert "no se requiere permiso" in attribution and '"parar"' in attribution


async def test_a_spanish_question_keeps_the_validated_english_item():
    slots = {"language": "es", "assessment_instrument": "phq9", "assessment_answers": [0]}
    dispatcher = CollectingDispatcher()
    await ActionAskAssessmentAnswer().run(dispatcher, make_tracker(slots=slots), {})
    [message] = dispatcher.messages
    phq9 = TEXT.instruments["phq9"]
    assert message["text"].startswith("PHQ-9, pregunta 2 de 9")
    assert phq9.stem in message["text"] and phq9.items[1] in message["text"]
    # Validated English titles; the score as payload, so a click never switches to English.
    assert message["buttons"] == [
        {"title": o.title, "payload": str(o.score)} for o in TEXT.answer_scale
    ]


def test_english_answer_buttons_send_their_titles():
    tracker = make_tracker(slots={"language": "en"})
    assert [b["payload"] for b in answer_buttons(tracker)] == [o.title for o in TEXT.answer_scale]


@pytest.mark.parametrize(
    "text, score",
    [
        ("nunca", 0),
        ("varios días", 1),
        ("más de la mitad de los días", 2),
        ("casi todos los dias", 3),
        ("no sé", None),
        ("no puedo parar de preocuparme", None),
    ],
)
def test_spanish_answers(text, score):
    assert answer_score(text) == score


def test_spanish_choice_and_stop():
    assert chosen_instrument("el de depresión") == "phq9"
    assert chosen_instrument("ansiedad") == "gad7"
    assert chosen_instrument("ahora no") == "declined"
    assert wants_to_stop("parar") and wants_to_stop("ya no quiero seguir")
    assert not wants_to_stop("no puedo parar de preocuparme")


def test_every_band_has_its_spanish_label_and_meaning():
    for key, instrument in TEXT.instruments.items():
        spanish = TEXT.spanish.bands[key]
        assert [b.min for b in spanish] == [b.min for b in instrument.bands]
        assert all(b.label and b.meaning for b in spanish)


# --- talk to a person, live chat -----------------------------------------------------------


async def test_nobody_available_in_spanish(monkeypatch):
    async def nobody(conversation_id, callback_offered):
        return LiveAnswer(waiting=False, nobody_available=True)

    monkeypatch.setattr(handoff_action, "ask_for_person", nobody)
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(
        "quiero hablar con una persona", "human_handoff", slots={"language": "es"}
    )
    await handoff_action.ActionHumanHandoff().run(dispatcher, tracker, {"forms": {}})
    first, handoff = await rendered(dispatcher.messages, "es")
    assert first["text"].startswith("En este momento no hay nadie de nuestro equipo")
    assert handoff["text"].startswith("Puede hablar con una persona")
    assert handoff["buttons"] == [{"title": "Pedir que me llamen", "payload": "/request_callback"}]


async def test_connecting_in_spanish(monkeypatch):
    async def waiting(conversation_id, callback_offered):
        return LiveAnswer(waiting=True, wait_s=120)

    monkeypatch.setattr(handoff_action, "ask_for_person", waiting)
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(
        "quiero hablar con una persona", "human_handoff", slots={"language": "es"}
    )
    await handoff_action.ActionHumanHandoff().run(dispatcher, tracker, {"forms": {}})
    assert "quédese en este chat" in dispatcher.messages[0]["text"]
    assert "2 minutos" in dispatcher.messages[0]["text"]


class FakeRasa:
    def __init__(self, events):
        self.stored, self.written = events, []

    async def events(self, conversation_id):
        return self.stored

    async def append_events(self, conversation_id, events):
        self.written += events


class FakeBus:
    def __init__(self):
        self.published = []

    async def publish(self, channel, payload):
        self.published.append(payload)


class FakeDatabase:
    def __init__(self, handoff):
        self.handoff = handoff

    async def run(self, function, *args):
        return self.handoff


def live_app(language: str, paused: bool = False):
    events = [{"event": "slot", "name": "language", "value": language}]
    if paused:
        events.append({"event": "slot", "name": "paused_form", "value": "booking_form"})
    now = datetime.now(timezone.utc)
    handoff = Handoff("h1", "conv-es", "waiting", now, now, None, None, True, False)
    app = {RASA: FakeRasa(events), LIVE_BUS: FakeBus(), DATABASE: FakeDatabase(handoff)}
    return app, handoff


async def test_nobody_joined_in_spanish():
    app, handoff = live_app("es", paused=True)
    await service.miss(app, handoff)
    notice = app[RASA].written[0]
    assert notice["text"].startswith("Lo siento, nadie de nuestro equipo pudo unirse")
    assert "pida que le devolvamos la llamada" in notice["text"]
    assert [b["title"] for b in notice["data"]["buttons"]] == [
        "Pedir que me llamen",
        "Continuar donde nos quedamos",
    ]


async def test_nobody_joined_in_english():
    app, handoff = live_app("en")
    await service.miss(app, handoff)
    notice = app[RASA].written[0]
    assert notice["text"].startswith("I'm sorry, nobody from our staff could join")
    assert [b["title"] for b in notice["data"]["buttons"]] == ["Request a call back"]


async def test_joined_and_handed_back_in_spanish():
    app, handoff = live_app("es")
    app[DATABASE].handoff = replace(handoff, status="joined", joined_by=7, staff_name="Dana")
    await service.join(app, "h1", 7, "Dana")
    assert app[RASA].written[-1]["text"] == (
        f"Dana, de {PROFILE.name}, se unió al chat. Ahora está hablando con una persona."
    )
    await service.hand_back(app, "h1", 7)
    assert app[RASA].written[-2]["text"].startswith("Dana salió del chat.")


def test_the_crisis_lines_during_a_spanish_live_chat():
    es = PROFILE.spanish.crisis
    acknowledge, lines, staff = crisis_texts("es")
    assert acknowledge == es.acknowledge
    assert PROFILE.crisis.spanish in lines and es.text_line in lines and es.emergency in lines
    assert staff.startswith("Una persona de nuestro equipo está en este chat")
    assert crisis_texts()[0] == PROFILE.crisis.acknowledge  # English by default


# --- under 18 ----------------------------------------------------------------------------


async def test_under_18_gets_the_spanish_crisis_lines(domain):
    dispatcher = CollectingDispatcher()
    tracker = make_tracker("tengo 15 años", "under_18", slots={"language": "es"})
    await ActionMinorGuidance().run(dispatcher, tracker, domain)
    lines = dispatcher.messages[1]["text"]
    assert PROFILE.crisis.spanish in lines and PROFILE.spanish.crisis.emergency in lines
    assert PROFILE.crisis.lifeline not in lines


# --- the widget's own texts -----------------------------------------------------------------


def widget_strings() -> Dict[str, List[str]]:
    source = (ROOT / "bot" / "static" / "widget.js").read_text(encoding="utf-8")
    block = source[source.index("const STRINGS = {") : source.index("const LANGUAGE_NAMES")]
    en, es = block.split("\n    es: {")
    return {
        lang: re.findall(r"^\s{6}(\w+):", part, re.M) for lang, part in (("en", en), ("es", es))
    }


def test_the_widget_has_every_text_in_both_languages():
    strings = widget_strings()
    assert strings["en"] == strings["es"]
    assert {"liveWaiting", "liveJoined", "staffName", "tooMany", "cantSend"} <= set(strings["es"])
