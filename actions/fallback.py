"""The first stage of the two-stage fallback (issue 4): never a confident wrong answer.

When the classifier is unsure, offer its two most likely topics as buttons, a
consultation request whenever those are not it (the most common reason to write,
issue 16), and "something else", which Rasa's two-stage fallback treats as "rephrase,
please". After repeated misunderstandings in a conversation, also offer a person.
"""

from typing import Any, Dict, List, Text, Tuple

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.language import conversation_language
from clinic.language import SPANISH

FALLBACK_INTENT = "nlu_fallback"
TOPICS_OFFERED = 2
# From this many unclear messages in the conversation on, a person is offered too.
FALLBACKS_BEFORE_PERSON = 2

# Intents worth offering, as (button title, payload).
INTENT_TOPICS: Dict[Text, Tuple[Text, Text]] = {
    "request_appointment": ("Request an appointment", "/request_appointment"),
    "start_assessment": ("Take a self-assessment", "/start_assessment"),
    "human_handoff": ("Talk to a person", "/human_handoff"),
    "medical_advice": ("A question about my own treatment", "/medical_advice"),
    "faq_menu": ("Questions about ketamine therapy", "/faq_menu"),
    "bot_challenge": ("Am I talking to a bot?", "/bot_challenge"),
    "request_callback": ("Request a call back", "/request_callback"),
}
# FAQ topics (retrieval intent faq/<key>), as (button title, the question it sends).
FAQ_TOPICS: Dict[Text, Tuple[Text, Text]] = {
    "relief_speed": ("How fast does it work?", "How quickly does ketamine therapy work?"),
    "benefit_duration": (
        "How long do the benefits last?",
        "How long do the benefits of ketamine therapy last?",
    ),
    "long_term_benefits": (
        "Can the benefits be long-term?",
        "Can the benefits of ketamine therapy be long-term?",
    ),
    "maintenance_therapy": (
        "What is maintenance therapy?",
        "What is ketamine maintenance therapy?",
    ),
    "booster_frequency": (
        "How often are boosters needed?",
        "How often are booster sessions needed?",
    ),
    "maintenance_care": (
        "What does maintenance care include?",
        "What does ketamine maintenance care include?",
    ),
    "personalized_plan": (
        "How is a plan personalized?",
        "How is a ketamine maintenance plan personalized?",
    ),
    "long_term_factors": (
        "What helps results last?",
        "What helps ketamine results last long-term?",
    ),
    "who_benefits": ("Who benefits most?", "Who benefits most from ketamine therapy?"),
    "patient_reports": (
        "What do patients report?",
        "What do patients report after ketamine therapy?",
    ),
    "sustaining_gains": (
        "How can I keep my progress?",
        "How can I sustain the gains from ketamine therapy?",
    ),
    "one_time_solution": ("Is it a one-time fix?", "Is ketamine therapy a one-time solution?"),
    "neuroplasticity": (
        "What is the neuroplasticity window?",
        "What is the window of neuroplasticity?",
    ),
    "locations": ("Where are you located?", "Where are your offices?"),
    "providers": ("Who are the providers?", "Who are your providers?"),
    "privacy": ("Is my information private?", "How do you protect my information?"),
    "coverage": ("Is it covered by insurance?", "Is ketamine therapy covered by insurance?"),
    "assessment_disclaimer": (
        "Is the self-assessment a diagnosis?",
        "Is the self-assessment a diagnosis?",
    ),
    "sources": ("Where can I read more?", "Where can I read more about ketamine therapy?"),
}
SOMETHING_ELSE = {"title": "Something else", "payload": "/out_of_scope"}
BOOKING = dict(zip(("title", "payload"), INTENT_TOPICS["request_appointment"]))
PERSON = {"title": "Talk to a person", "payload": "/human_handoff"}

# The same offers in a Spanish conversation (issue 19). An FAQ button sends a Spanish
# question: an English one would switch the conversation to English.
INTENT_TITLES_ES: Dict[Text, Text] = {
    "request_appointment": "Pedir una cita",
    "start_assessment": "Hacer una autoevaluación",
    "human_handoff": "Hablar con una persona",
    "medical_advice": "Una pregunta sobre mi propio tratamiento",
    "faq_menu": "Preguntas sobre la terapia con ketamina",
    "bot_challenge": "¿Estoy hablando con un bot?",
    "request_callback": "Pedir que me llamen",
}
FAQ_TOPICS_ES: Dict[Text, Tuple[Text, Text]] = {
    "relief_speed": (
        "¿Qué tan rápido funciona?",
        "¿Qué tan rápido funciona la terapia con ketamina?",
    ),
    "benefit_duration": (
        "¿Cuánto duran los beneficios?",
        "¿Cuánto tiempo duran los beneficios de la terapia con ketamina?",
    ),
    "long_term_benefits": (
        "¿Los beneficios duran a largo plazo?",
        "¿La terapia con ketamina tiene beneficios a largo plazo?",
    ),
    "maintenance_therapy": (
        "¿Qué es la terapia de mantenimiento?",
        "¿En qué consiste la terapia de mantenimiento?",
    ),
    "booster_frequency": (
        "¿Cada cuánto son los refuerzos?",
        "¿Cada cuánto se necesitan las sesiones de refuerzo?",
    ),
    "maintenance_care": (
        "¿Qué incluye el mantenimiento?",
        "¿Qué abarca el cuidado de mantenimiento con ketamina?",
    ),
    "personalized_plan": (
        "¿Cómo se personaliza el plan?",
        "¿Cómo se personaliza el plan de mantenimiento?",
    ),
    "long_term_factors": (
        "¿Qué ayuda a que duren los resultados?",
        "¿De qué dependen los resultados a largo plazo?",
    ),
    "who_benefits": ("¿A quién beneficia más?", "¿A quién beneficia más la terapia con ketamina?"),
    "patient_reports": (
        "¿Qué reportan los pacientes?",
        "¿Qué reportan los pacientes después de la terapia con ketamina?",
    ),
    "sustaining_gains": ("¿Cómo mantengo mi progreso?", "¿Cómo puedo mantener mi progreso?"),
    "one_time_solution": (
        "¿Es de una sola vez?",
        "¿La terapia con ketamina es una solución de una sola vez?",
    ),
    "neuroplasticity": (
        "¿Qué es la ventana de neuroplasticidad?",
        "¿Qué significa la ventana de neuroplasticidad?",
    ),
    "locations": ("¿Dónde están ubicados?", "¿Dónde están sus oficinas?"),
    "providers": ("¿Quiénes son los proveedores?", "¿Quiénes son sus proveedores?"),
    "privacy": ("¿Mi información es privada?", "¿Cómo protegen mi información?"),
    "coverage": ("¿Lo cubre el seguro médico?", "¿El seguro médico cubre la terapia con ketamina?"),
    "assessment_disclaimer": (
        "¿La autoevaluación es un diagnóstico?",
        "¿La autoevaluación es un diagnóstico?",
    ),
    "sources": ("¿Dónde puedo leer más?", "¿Dónde puedo leer más sobre la terapia con ketamina?"),
}
SOMETHING_ELSE_ES = {"title": "Otra cosa", "payload": "/out_of_scope"}
PERSON_ES = {"title": "Hablar con una persona", "payload": "/human_handoff"}
BOOKING_ES = {"title": INTENT_TITLES_ES["request_appointment"], "payload": BOOKING["payload"]}


def _faq_topics(message: Dict[Text, Any], spanish: bool = False) -> List[Tuple[Text, Text]]:
    ranking = ((message.get("response_selector") or {}).get("faq") or {}).get("ranking") or []
    table = FAQ_TOPICS_ES if spanish else FAQ_TOPICS
    topics = []
    for candidate in ranking:
        key = (candidate.get("intent_response_key") or "").split("/", 1)[-1]
        if key in table:
            topics.append(table[key])
    return topics


def likely_topics(
    message: Dict[Text, Any], limit: int = TOPICS_OFFERED, spanish: bool = False
) -> List[Tuple[Text, Text]]:
    """The classifier's most likely topics, best first, as (title, payload)."""
    topics: List[Tuple[Text, Text]] = []
    for candidate in message.get("intent_ranking") or []:
        name = candidate.get("name")
        if name == "faq":
            topics += _faq_topics(message, spanish)[:limit]
        elif name in INTENT_TOPICS:
            title, payload = INTENT_TOPICS[name]
            topics.append((INTENT_TITLES_ES[name] if spanish else title, payload))
    if not topics:
        # No topic among the intents ranked (DIET ranks ten): the FAQ selector's own likeliest.
        topics = _faq_topics(message, spanish)[:limit]
    unique = list(dict.fromkeys(topics))
    return unique[:limit]


def fallback_count(tracker: Tracker) -> int:
    """Unclear messages so far in this conversation (the latest included)."""
    return sum(
        1
        for event in tracker.events
        if event.get("event") == "user"
        and ((event.get("parse_data") or {}).get("intent") or {}).get("name") == FALLBACK_INTENT
    )


class ActionDefaultAskAffirmation(Action):
    def name(self) -> Text:
        return "action_default_ask_affirmation"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        spanish = conversation_language(tracker) == SPANISH
        topics = likely_topics(tracker.latest_message or {}, spanish=spanish)
        buttons = [{"title": title, "payload": payload} for title, payload in topics]
        booking = BOOKING_ES if spanish else BOOKING
        if booking not in buttons:
            buttons.append(booking)
        buttons.append(SOMETHING_ELSE_ES if spanish else SOMETHING_ELSE)
        person = PERSON_ES if spanish else PERSON
        if fallback_count(tracker) >= FALLBACKS_BEFORE_PERSON and person not in buttons:
            buttons.append(person)
        response = "utter_ask_affirmation_topics" if topics else "utter_ask_affirmation_none"
        dispatcher.utter_message(response=response, buttons=buttons)
        return []
