"""The consultation request conversation (issue 3): booking_form and its actions.

action_booking_start shows the privacy notice and opens a new request; booking_form
asks the questions (validate_booking_form checks each answer, with the reason when it
is not valid); the last question shows a summary where any field can be changed in
plain words; action_submit_booking hands the request to the outbox and the app; and
action_cancel_booking stops at any step with nothing sent.

Logs carry conversation ids, slot names and event types, never what the visitor typed.
"""

from __future__ import annotations

import json
import logging
import re
import uuid
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import REQUESTED_SLOT

from actions.assessment import assessment_for_request
from actions.booking_corrections import find_corrections
from actions.booking_fields import (
    SKIPPED,
    capitalised_name,
    completed_name,
    coverage_in_passing,
    is_skip,
    is_unsure,
    kept_locations,
    parse_coverage,
    parse_insurance_carrier,
    parse_location,
    parse_member_id,
    parse_patient_status,
    parse_phone_answer,
    parse_provider,
    parse_relationship,
    parse_visit_reason,
    parse_yes_no,
    status_in_passing,
)
from actions.form_validation import MISSES_SLOT, FailureCountingFormValidationAction, say_why
from actions.language import conversation_language
from actions.preferred_time import find_time_phrase, normalized_in_spanish, parse_preferred_time
from actions.safety import is_minor
from actions.submission import make_idempotency_key, submit_request
from clinic.appointment_contract import COVERAGE_TYPES
from clinic.booking_entities import BOOKING_ENTITIES, NAME_ENTITIES, blank_entities
from clinic.contact_fields import (
    Parsed,
    contact_details,
    fail,
    format_phone,
    looks_like_question,
    parse_email,
    parse_full_name,
    without_contact_details,
)
from clinic.language import ENGLISH, SPANISH
from clinic.profile import ClinicProfile, load_profile
from clinic.safety_lexicon import detect_crisis

logger = logging.getLogger(__name__)

FORM = "booking_form"
# booking_form's required slots, in the order they are asked (domain.yml lists the same).
FORM_SLOTS = [
    "full_name",
    "phone",
    "email",
    "location",
    "preferred_time",
    "patient_status",
    "visit_reason",
    "coverage_type",
    "insurance_carrier",
    "insurance_member_id",
    "contact_consent",
    "booking_confirm",
    "provider",
    "patient_name",
    "relationship",
]
# Taken when the visitor states them, never asked (issue 16).
UNASKED_SLOTS = {"provider", "patient_name", "relationship"}
# Intents whose entities and contact details fill the request (the domain's slot mappings
# use the same two).
FACT_INTENTS = {"request_appointment", "inform"}
INSURANCE_SLOTS = ["insurance_carrier", "insurance_member_id"]
TIME_NORMALIZED_SLOT = "preferred_time_normalized"
INSTANCE_SLOT = "booking_instance"  # one id per run of the form: the idempotency key's source
REFERENCE_SLOT = "booking_reference"
OPTIONAL_SLOTS = {
    "phone",
    "visit_reason",
    "insurance_member_id",
}  # email: only when a phone is given

# Buttons send /inform{"booking_choice": ...}: a fixed intent, and the words typing would give.
CHOICE_ENTITY = "booking_choice"
# These intents never answer a question: the form steps aside for their rules (cancel
# here, crisis and under-18 in data/rules/safety.yml).
ALWAYS_INTERRUPTING = {"crisis", "risk_screen", "cancel", "under_18", "set_language"}
# These stop the request too (goodbye, "delete what I gave you"), unless the message is a
# valid answer: "yes, send it, bye!" still confirms.
STOPPING_INTENTS = {"goodbye", "delete_my_data"}
# These interrupt unless the message is a valid answer to the question asked: a name
# like "Xochitl Nguyen" or a carrier like "Aetna" may be classified as anything.
INTERRUPTING = {
    *STOPPING_INTENTS,
    "faq",
    "faq_menu",
    "medical_advice",
    "human_handoff",
    "bot_challenge",
    "request_appointment",
}
# Questions answered in free words accept almost any text, so "talk to a person" would
# pass as a visit reason: for them only questions in their own words (FAQ, medical) may
# still be an answer.
FREE_TEXT_SLOTS = {"visit_reason", "insurance_carrier"}
NAME_SLOTS = {"full_name", "patient_name"}
MAY_ANSWER_FREE_TEXT = {"faq", "medical_advice"}

# What the summary and "Got it: ..." say around the visitor's answers, in English and
# Spanish side by side (issue 19; the Spanish is pending review, docs/spanish.md). The
# answers themselves are shown as given; a button's English option in its Spanish label.
WORDING: Dict[Text, Dict[Text, Text]] = {
    # the summary's field names
    "name": {ENGLISH: "Name", SPANISH: "Nombre"},
    "your_name": {ENGLISH: "Your name", SPANISH: "Su nombre"},
    "appointment_for": {ENGLISH: "Appointment for", SPANISH: "Cita para"},
    "phone": {ENGLISH: "Phone", SPANISH: "Teléfono"},
    "email": {ENGLISH: "Email", SPANISH: "Correo electrónico"},
    "location": {ENGLISH: "Location", SPANISH: "Oficina"},
    "preferred_time": {ENGLISH: "Preferred time", SPANISH: "Horario preferido"},
    "provider": {ENGLISH: "Provider", SPANISH: "Proveedor"},
    "patient": {ENGLISH: "Patient", SPANISH: "Paciente"},
    "visit_reason": {ENGLISH: "Reason for visit", SPANISH: "Motivo de la visita"},
    "coverage": {ENGLISH: "Coverage", SPANISH: "Cobertura"},
    "consent": {
        ENGLISH: "OK to contact you about this request",
        SPANISH: "Autoriza que le contactemos sobre esta solicitud",
    },
    # the summary's values
    "not_given": {ENGLISH: "not given", SPANISH: "no indicado"},
    "no_preference": {ENGLISH: "no preference", SPANISH: "sin preferencia"},
    "yes": {ENGLISH: "yes", SPANISH: "sí"},
    "no": {ENGLISH: "no", SPANISH: "no"},
    "member_id": {ENGLISH: "member ID {member_id}", SPANISH: "número de miembro {member_id}"},
    "member_id_not_given": {
        ENGLISH: "member ID not given",
        SPANISH: "número de miembro no indicado",
    },
    "patient_and_relation": {
        ENGLISH: "{patient} (your {relation})",
        SPANISH: "{patient} (su {relation})",
    },
    "your_relation": {ENGLISH: "your {relation}", SPANISH: "su {relation}"},
    # "Got it: ..."
    "with_provider": {ENGLISH: "with {provider}", SPANISH: "con {provider}"},
    "for_patient": {ENGLISH: "for {patient}", SPANISH: "para {patient}"},
    "for_relation_patient": {
        ENGLISH: "for your {relation} {patient}",
        SPANISH: "para su {relation} {patient}",
    },
    # stored values (coverage_type, patient_status)
    "insurance": {ENGLISH: "Insurance", SPANISH: "Seguro médico"},
    "self_pay": {ENGLISH: "Self-pay", SPANISH: "Pago por su cuenta"},
    "not_sure": {
        ENGLISH: "Not sure (our team will check)",
        SPANISH: "No está seguro (nuestro equipo lo verificará)",
    },
    "new": {ENGLISH: "New patient", SPANISH: "Paciente nuevo"},
    "returning": {ENGLISH: "Returning patient", SPANISH: "Paciente que regresa"},
}


def worded(key: Text, language: Text, **values: Any) -> Text:
    """One of WORDING's texts in the conversation's language, its {values} filled."""
    return WORDING[key][language].format(**values)


def shown_option(value: Text, language: Text) -> Text:
    """A button's English option (a visit reason) as the visitor read it (clinic.yml labels)."""
    return load_profile().spanish.labels.get(value, value) if language == SPANISH else value


def shown_relation(value: Any, language: Text) -> Any:
    """A stored relationship ("son", stored in English for staff) as the visitor reads it
    ("hijo" in Spanish, clinic.yml `spanish.relationships`)."""
    if language == SPANISH and isinstance(value, str):
        return load_profile().spanish.relationships.get(value.lower(), value)
    return value


MAX_WORDS_BETWEEN_TIMES = 3
# The facts "Got it: ..." repeats back, in the order they are asked.
ACKNOWLEDGED_SLOTS = [
    "full_name",
    "patient_name",
    "phone",
    "email",
    "location",
    "preferred_time",
    "provider",
    "patient_status",
    "visit_reason",
    "coverage_type",
    "insurance_carrier",
]


def choice_button(
    title: str, value: Optional[str] = None, tracker: Optional[Tracker] = None
) -> Dict[str, str]:
    """A button answering with `value` (default: the title); in a Spanish conversation its
    title is the Spanish label (clinic.yml), the value stays the English option."""
    shown = title
    if tracker is not None and conversation_language(tracker) == SPANISH:
        shown = load_profile().spanish.labels.get(title, title)
    return {"title": shown, "payload": "/inform" + json.dumps({CHOICE_ENTITY: value or title})}


def latest_intent(tracker: Tracker) -> Optional[str]:
    return (tracker.latest_message.get("intent") or {}).get("name")


def answer_text(tracker: Tracker) -> str:
    """What the visitor answered: a button's choice, else the typed text."""
    for entity in tracker.latest_message.get("entities") or []:
        if entity.get("entity") == CHOICE_ENTITY and entity.get("value") is not None:
            return str(entity["value"])
    return tracker.latest_message.get("text") or ""


def given(value: Any) -> Any:
    """A slot's value for the request: None for unanswered and skipped questions."""
    return None if value in (None, SKIPPED, "") else value


def phone_given(tracker: Tracker) -> bool:
    return given(tracker.get_slot("phone")) is not None


def parse_booking_answer(
    slot: Text, text: Text, *, profile: ClinicProfile, has_phone: bool
) -> Parsed:
    """The field rules of every typed-in booking question (one place for the form and corrections)."""
    if slot in ("full_name", "patient_name"):
        parsed = parse_full_name(text)
        return Parsed(capitalised_name(parsed.value)) if parsed.ok else parsed
    if slot == "phone":
        return parse_phone_answer(text)
    if slot == "email":
        if is_skip(text):
            return Parsed(SKIPPED) if has_phone else fail("utter_invalid_email_needed")
        return parse_email(text)
    if slot == "location":
        return parse_location(text, profile.booking_locations)
    if slot == "preferred_time":
        return parse_preferred_time(text)
    if slot == "patient_status":
        return parse_patient_status(text)
    if slot == "visit_reason":
        return parse_visit_reason(text, profile.visit_reasons, profile.spanish.labels)
    if slot == "coverage_type":
        # The entity's value is already the stored form ("self_pay", from "paying cash").
        return Parsed(text) if text in COVERAGE_TYPES else parse_coverage(text)
    if slot == "insurance_carrier":
        return parse_insurance_carrier(text)
    if slot == "insurance_member_id":
        return parse_member_id(text)
    if slot == "provider":
        return parse_provider(text, profile.providers)
    if slot == "relationship":
        return parse_relationship(text)
    raise ValueError(f"no field rule for slot {slot!r}")


def slot_values(slot: Text, value: Any) -> Dict[Text, Any]:
    """The slots one valid answer sets (a time sets its normalised form too)."""
    if slot == "preferred_time":
        return {"preferred_time": value.text, TIME_NORMALIZED_SLOT: value.normalized}
    if slot == "coverage_type" and value != "insurance":
        return {"coverage_type": value, **{name: None for name in INSURANCE_SLOTS}}
    return {slot: value}


def name_answer(tracker: Tracker, text: Text) -> Text:
    """The answer to the name question without the other facts it gives ("marta diaz,
    frisco, after 6pm"): the entities the model found, a time phrase, phone and email are
    blanked, and of what is left the first part that reads as a name is the answer."""
    entities = tracker.latest_message.get("entities") or []
    blanked = blank_entities(text or "", entities, BOOKING_ENTITIES - NAME_ENTITIES)
    phrase = find_time_phrase(blanked)
    rest = without_contact_details(blanked.replace(phrase, " ") if phrase else blanked)
    parts = [part.strip() for part in re.split(r"[,;/]| - ", rest) if part.strip()]
    named = [part for part in parts if parse_full_name(part).ok]
    return named[0] if len(parts) > 1 and named else rest


def is_spanish_verb_son(tracker: Tracker, found: Dict[Text, Any]) -> bool:
    """In a Spanish conversation the relationship table's English "son" is the verb "son"
    ("they are": "mis horarios son ..."); a Spanish visitor's son is "hijo"."""
    if conversation_language(tracker) != SPANISH or found.get("start") is None:
        return False
    text = tracker.latest_message.get("text") or ""
    return text[found["start"] : found["end"]].lower() == "son"


def values_before_latest_message(tracker: Tracker) -> Dict[Text, Any]:
    """Every slot's value before the latest message set it again, in one pass over the
    events (none from before a restart, a new session or a slot reset: a value from before
    those must not come back)."""
    events = list(tracker.events)
    users = [i for i, event in enumerate(events) if event.get("event") == "user"]
    values: Dict[Text, Any] = {}
    for event in events[: users[-1]] if users else []:
        if event.get("event") in ("restart", "session_started", "reset_slots"):
            values = {}
        elif event.get("event") == "slot":
            values[event.get("name")] = event.get("value")
    return values


def value_before_latest_message(tracker: Tracker, slot: Text) -> Any:
    """One slot's value before the latest message set it again."""
    return values_before_latest_message(tracker).get(slot)


def stated_name(tracker: Tracker, entity: Text, value: Any) -> Any:
    """The whole name when the model found part of it (see completed_name)."""
    text = tracker.latest_message.get("text") or ""
    for found in tracker.latest_message.get("entities") or []:
        if found.get("entity") == entity and found.get("value") == value and "start" in found:
            return completed_name(text, found["start"], found["end"])
    return value


def stated_time(tracker: Tracker, value: Any) -> Any:
    """The visitor's whole time phrase when the model found it in pieces ("monday or
    [wednesday afternoons]", "[lunchtime] on [weekdays]"): first piece to last, if only a
    few words lie between them."""
    text = tracker.latest_message.get("text") or ""
    if tracker.get_slot(REQUESTED_SLOT) == "preferred_time" and only_a_time(tracker):
        return text.strip()  # the answer to the time question, in the visitor's words
    value = whole_time_phrase(text, value)
    spans = sorted(
        (e["start"], e["end"])
        for e in tracker.latest_message.get("entities") or []
        if e.get("entity") == "time" and e.get("start") is not None
    )
    if len(spans) < 2 or value not in {text[start:end] for start, end in spans}:
        return value
    pieces = sum(len(text[start:end].split()) for start, end in spans)
    joined = text[spans[0][0] : spans[-1][1]]
    if len(joined.split()) - pieces <= MAX_WORDS_BETWEEN_TIMES and not re.search(
        r"\d{3}|@", joined
    ):
        return joined
    return value


def only_a_time(tracker: Tracker) -> bool:
    """The message states a time and no other fact ("some day next week", not "dallas,
    fridays")."""
    text = tracker.latest_message.get("text") or ""
    entities = tracker.latest_message.get("entities") or []
    # (a button's choice, "/inform{...}", is not typed text: its value is the answer)
    others = [e for e in entities if e.get("entity") not in ("time", "language")]
    return bool(text.strip()) and not others and not contact_details(text)


def whole_time_phrase(text: Text, value: Any) -> Any:
    """The whole time phrase around what the model found ("evenings after work" for its
    "evenings after"), when the phrase holds it."""
    phrase = find_time_phrase(text)
    if phrase and isinstance(value, str) and value.lower() in phrase.lower():
        return phrase
    return value


def facts_in_passing(tracker: Tracker) -> Dict[Text, Text]:
    """A preferred time, a patient status or a coverage stated in a booking message that the
    model did not tag ("a previous patient, frisco, friday mornings", "not sure about payment
    yet"); never over a fact already given."""
    text = tracker.latest_message.get("text") or ""
    found = {
        "preferred_time": find_time_phrase(text),
        "patient_status": status_in_passing(text),
        "coverage_type": coverage_in_passing(text),
    }
    given_before = tracker.slots_to_validate()
    return {
        slot: value
        for slot, value in found.items()
        if value and not tracker.get_slot(slot) and slot not in given_before
    }


def facts_text(values: Dict[Text, Any], language: Text = ENGLISH) -> str:
    """The facts taken from one message, as the visitor reads them back."""
    shown = []
    for slot in ACKNOWLEDGED_SLOTS:
        value = values.get(slot)
        if value in (None, SKIPPED, ""):
            continue
        if slot == "phone":
            value = format_phone(value)
        elif slot == "patient_status":
            value = worded(value, language).lower()
        elif slot == "coverage_type":
            if value == "insurance" and values.get("insurance_carrier"):
                continue
            value = worded(value, language).lower()
        elif slot == "provider":
            value = worded("with_provider", language, provider=value)
        elif slot == "patient_name":
            relation = shown_relation(values.get("relationship"), language)
            value = (
                worded("for_relation_patient", language, relation=relation, patient=value)
                if relation
                else worded("for_patient", language, patient=value)
            )
        elif slot == "visit_reason":
            value = shown_option(value, language)
        shown.append(str(value))
    return ", ".join(shown)


def cleared_booking_slots() -> List[EventType]:
    return [SlotSet(name, None) for name in [*FORM_SLOTS, TIME_NORMALIZED_SLOT]] + [
        SlotSet(MISSES_SLOT, 0)
    ]


class ValidateBookingForm(FailureCountingFormValidationAction):
    skip_offer_response = "utter_booking_offer_skip"
    person_offer_response = "utter_booking_offer_person"

    def name(self) -> Text:
        return "validate_booking_form"

    async def required_slots(
        self,
        domain_slots: List[Text],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: Dict[Text, Any],
    ) -> List[Text]:
        if is_minor(tracker):
            return []  # nothing identifying from a visitor under 18: the form ends at once
        # The insurance questions come after the coverage one; they drop out once coverage
        # is self-pay or "not sure" (a carrier named earlier, "I have Aetna", is validated).
        if tracker.get_slot("coverage_type") in ("self_pay", "not_sure"):
            return [slot for slot in domain_slots if slot not in INSURANCE_SLOTS]
        return list(domain_slots)

    async def next_requested_slot(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> Optional[EventType]:
        """The first question still unanswered; facts that are never asked are skipped."""
        required = await self.required_slots(self.domain_slots(domain), dispatcher, tracker, domain)
        missing = (
            slot
            for slot in required
            if slot not in UNASKED_SLOTS and tracker.slots.get(slot) is None
        )
        return SlotSet(REQUESTED_SLOT, next(missing, None))

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        """Validate, then say what was taken when a message gave more than was asked."""
        requested = tracker.get_slot(REQUESTED_SLOT)
        events = await super().run(dispatcher, tracker, domain)
        taken = {
            e["name"]: e["value"]
            for e in events
            if e.get("event") == "slot"
            and e["name"] in FORM_SLOTS
            and e["value"] not in (None, SKIPPED)
        }
        # Only what this message changed: a fact kept from before is not said again.
        before = values_before_latest_message(tracker)
        changed = {name for name, value in taken.items() if value != before.get(name)}
        if changed & set(ACKNOWLEDGED_SLOTS) - {requested}:
            shown = {
                name: value
                for name, value in taken.items()
                if name in changed or name == "relationship"
            }
            facts = facts_text(shown, conversation_language(tracker))
            dispatcher.utter_message(response="utter_booking_got_it", facts=facts)
        return events

    def is_optional(self, slot: Text, tracker: Tracker) -> bool:
        return slot in OPTIONAL_SLOTS or (slot == "email" and phone_given(tracker))

    async def get_extraction_events(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        """The latest message answers the question asked, unless it interrupts the form;
        a phone number or email in it is taken too. Facts named by entities were already
        set by the domain's slot mappings (validated with the rest)."""
        requested = tracker.get_slot(REQUESTED_SLOT)
        required = await self.required_slots(self.domain_slots(domain), dispatcher, tracker, domain)
        text = answer_text(tracker)
        from_entities = tracker.slots_to_validate()
        events: List[EventType] = []
        if requested in required and requested not in from_entities:
            answer = name_answer(tracker, text) if requested == "full_name" else text
            if self.interrupts(requested, answer, tracker):
                logger.info(
                    "conversation=%s slot=%s event=form_interrupted", tracker.sender_id, requested
                )
                if latest_intent(tracker) not in FACT_INTENTS:
                    return []
            else:
                events.append(SlotSet(requested, answer))
        if requested not in ("booking_confirm", "insurance_member_id") and (
            events or latest_intent(tracker) in FACT_INTENTS
        ):
            found = {**contact_details(text), **facts_in_passing(tracker)}
            for slot, value in found.items():
                if slot != requested and tracker.get_slot(slot) != value:
                    events.append(SlotSet(slot, value))
        # A carrier named after an earlier "self-pay" ("wait, i do have insurance, it's aetna")
        # changes the coverage, unless this message itself says how they will pay.
        if (
            from_entities.get("insurance_carrier")
            and tracker.get_slot("coverage_type") == "self_pay"
            and "coverage_type" not in from_entities
        ):
            events.append(SlotSet("coverage_type", "insurance"))
        return events

    def interrupts(self, slot: Text, text: Text, tracker: Tracker) -> bool:
        intent = latest_intent(tracker)
        if intent in ALWAYS_INTERRUPTING or detect_crisis(tracker.latest_message.get("text") or ""):
            return True
        if intent not in INTERRUPTING:
            return False
        # A name can be almost any words ("ok bye then"): leaving is not a name.
        if slot in NAME_SLOTS and intent in STOPPING_INTENTS:
            return True
        if slot in FREE_TEXT_SLOTS and intent not in MAY_ANSWER_FREE_TEXT:
            return True
        return looks_like_question(text) or not self.answers(slot, text, tracker)

    def answers(self, slot: Text, text: Text, tracker: Tracker) -> bool:
        """Whether the text is a usable answer to the question for `slot`."""
        if slot == "contact_consent":
            return parse_yes_no(text) is not None
        if slot == "booking_confirm":
            return parse_yes_no(text) is not None or bool(self._corrections(text, tracker))
        return self._parse(slot, text, tracker).ok

    def _parse(self, slot: Text, text: Text, tracker: Tracker) -> Parsed:
        return parse_booking_answer(
            slot, text, profile=load_profile(), has_phone=phone_given(tracker)
        )

    def _validate(
        self, slot: Text, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker
    ) -> Dict[Text, Any]:
        parsed = self._parse(slot, str(value), tracker)
        if parsed.ok:
            return slot_values(slot, parsed.value)
        if tracker.get_slot(REQUESTED_SLOT) == slot:
            # A message that changes another answer ("wait, mckinney, not dallas" at the time
            # question) is no failed answer: "Got it: McKinney." and the question again.
            if not self._changes_another_answer(tracker, slot):
                say_why(dispatcher, parsed)
            return {slot: None}
        # A fact found in passing that does not hold up is dropped quietly: an answer given
        # before stays ("ayer" taken for a name must not erase the name), else its question
        # comes in turn.
        return {slot: value_before_latest_message(tracker, slot)}

    def _changes_another_answer(self, tracker: Tracker, slot: Text) -> bool:
        """The message gives another of the form's answers, one that holds up and is new
        ("wait, mckinney, not dallas" at the time question): no failed answer, but "Got it:
        McKinney." and the question again. A word the name model took for a name ("ayer" at
        the time question) is no such answer: the time's error is said."""
        before = values_before_latest_message(tracker)
        for other, value in tracker.slots_to_validate().items():
            if other == slot or other not in FORM_SLOTS or value in (None, ""):
                continue
            if other == "location":
                value = self._office_kept(tracker, value)
            if value != before.get(other) and self._parse(other, str(value), tracker).ok:
                return True
        return False

    @staticmethod
    def _office_kept(tracker: Tracker, value: Any) -> Any:
        """ "wait no, mckinney is closer, not dallas": the lookup tags both offices and the
        slot takes the last; the office kept is the one not turned down."""
        text = tracker.latest_message.get("text") or ""
        kept = kept_locations(text, load_profile().booking_locations)
        return kept[0] if len(kept) == 1 else value

    def validate_full_name(self, value, dispatcher, tracker, domain) -> Dict[Text, Any]:
        return self._validate(
            "full_name", stated_name(tracker, "person", value), dispatcher, tracker
        )

    def validate_patient_name(self, value, dispatcher, tracker, domain) -> Dict[Text, Any]:
        value = stated_name(tracker, "patient", value)
        parsed = self._parse("patient_name", str(value), tracker)
        if parsed.ok:
            return {"patient_name": parsed.value}
        return {"patient_name": value_before_latest_message(tracker, "patient_name")}

    def validate_relationship(self, value, dispatcher, tracker, domain) -> Dict[Text, Any]:
        named = [
            found
            for found in tracker.latest_message.get("entities") or []
            if found.get("entity") == "relationship"
        ]
        relations = [found for found in named if not is_spanish_verb_son(tracker, found)]
        if named and not relations:
            # "son" as a Spanish verb ("mis días libres son ..."): no relation stated, and
            # the one stated before stays.
            return {"relationship": value_before_latest_message(tracker, "relationship")}
        # The first one named is the patient's ("my mom ..., I'm her daughter").
        stated = relations[0].get("value") if relations else value
        parsed = self._parse("relationship", str(stated), tracker)
        return {"relationship": parsed.value if parsed.ok else None}

    def validate_provider(self, value, dispatcher, tracker, domain) -> Dict[Text, Any]:
        return self._validate("provider", value, dispatcher, tracker)

    def validate_phone(self, value, dispatcher, tracker, domain) -> Dict[Text, Any]:
        return self._validate("phone", value, dispatcher, tracker)

    def validate_email(self, value, dispatcher, tracker, domain) -> Dict[Text, Any]:
        return self._validate("email", value, dispatcher, tracker)

    def validate_location(self, value, dispatcher, tracker, domain) -> Dict[Text, Any]:
        return self._validate("location", self._office_kept(tracker, value), dispatcher, tracker)

    def validate_preferred_time(self, value, dispatcher, tracker, domain) -> Dict[Text, Any]:
        return self._validate("preferred_time", stated_time(tracker, value), dispatcher, tracker)

    def validate_patient_status(self, value, dispatcher, tracker, domain) -> Dict[Text, Any]:
        return self._validate("patient_status", value, dispatcher, tracker)

    def validate_visit_reason(self, value, dispatcher, tracker, domain) -> Dict[Text, Any]:
        return self._validate("visit_reason", value, dispatcher, tracker)

    def validate_coverage_type(self, value, dispatcher, tracker, domain) -> Dict[Text, Any]:
        return self._validate("coverage_type", value, dispatcher, tracker)

    def validate_insurance_carrier(self, value, dispatcher, tracker, domain) -> Dict[Text, Any]:
        if is_unsure(str(value)):
            # Not knowing the carrier is "not sure" coverage: staff check it later.
            dispatcher.utter_message(response="utter_booking_coverage_not_sure")
            return {
                "insurance_carrier": None,
                "coverage_type": "not_sure",
                "insurance_member_id": None,
            }
        result = self._validate("insurance_carrier", value, dispatcher, tracker)
        if result.get("insurance_carrier") and tracker.get_slot("coverage_type") in (
            None,
            "not_sure",
        ):
            result["coverage_type"] = "insurance"  # "I have Aetna": insured, with Aetna
        return result

    def validate_insurance_member_id(self, value, dispatcher, tracker, domain) -> Dict[Text, Any]:
        return self._validate("insurance_member_id", value, dispatcher, tracker)

    def validate_contact_consent(self, value, dispatcher, tracker, domain) -> Dict[Text, Any]:
        answer = parse_yes_no(str(value), latest_intent(tracker))
        if answer is True:
            return {"contact_consent": True}
        if answer is False:
            dispatcher.utter_message(response="utter_booking_consent_needed")
        elif not self._changes_another_answer(tracker, "contact_consent"):
            dispatcher.utter_message(response="utter_booking_consent_unclear")
        return {"contact_consent": None}

    def validate_booking_confirm(self, value, dispatcher, tracker, domain) -> Dict[Text, Any]:
        text = str(value)
        corrections = self._corrections(text, tracker)
        if corrections:
            changes: Dict[Text, Any] = {}
            for correction in corrections:
                if correction.parsed is not None and correction.parsed.ok:
                    changes.update(slot_values(correction.slot, correction.parsed.value))
                else:
                    # Named without a usable value: the form asks that question again.
                    if correction.parsed is not None:
                        say_why(dispatcher, correction.parsed)
                    changes[correction.slot] = None
                    if correction.slot == "preferred_time":
                        changes[TIME_NORMALIZED_SLOT] = None
            logger.info(
                "conversation=%s slots=%s event=booking_corrected",
                tracker.sender_id,
                ",".join(sorted(changes)),
            )
            return {**changes, "booking_confirm": None}
        answer = parse_yes_no(text, latest_intent(tracker))
        if answer is True:
            return {"booking_confirm": True}
        dispatcher.utter_message(
            response="utter_booking_what_to_change"
            if answer is False
            else "utter_booking_confirm_unclear"
        )
        return {"booking_confirm": None}

    def _corrections(self, text: Text, tracker: Tracker):
        profile = load_profile()
        has_phone = phone_given(tracker)

        def parse(slot: Text, words: Text) -> Parsed:
            return parse_booking_answer(slot, words, profile=profile, has_phone=has_phone)

        return find_corrections(text, parse, profile.booking_locations, profile.providers)


class ActionBookingStart(Action):
    """Privacy notice before the first question; a fresh request (new instance id)."""

    def name(self) -> Text:
        return "action_booking_start"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        if is_minor(tracker):  # a visitor under 18 is asked nothing (see required_slots)
            return [*cleared_booking_slots(), SlotSet(INSTANCE_SLOT, uuid.uuid4().hex)]
        dispatcher.utter_message(response="utter_booking_privacy_notice")
        # Facts in the message that starts the request are kept (the domain's slot mappings
        # set them from its entities; phone and email are found here): the form validates
        # them on activation and asks only what is still missing.
        stated = dict(tracker.slots_to_validate())
        if latest_intent(tracker) in FACT_INTENTS:
            stated.update(contact_details(tracker.latest_message.get("text") or ""))
            stated.update(facts_in_passing(tracker))
        stated = {slot: value for slot, value in stated.items() if slot in FORM_SLOTS}
        logger.info(
            "conversation=%s slots=%s event=booking_started",
            tracker.sender_id,
            ",".join(sorted(stated)),
        )
        return [
            *(event for event in cleared_booking_slots() if event["name"] not in stated),
            *(SlotSet(slot, value) for slot, value in stated.items()),
            SlotSet(INSTANCE_SLOT, uuid.uuid4().hex),
            SlotSet(REFERENCE_SLOT, None),
        ]


class ActionAskEmail(Action):
    def name(self) -> Text:
        return "action_ask_email"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        if phone_given(tracker):
            dispatcher.utter_message(
                response="utter_ask_email_optional",
                buttons=[choice_button("Skip", "skip", tracker)],
            )
        else:
            dispatcher.utter_message(response="utter_ask_email_required")
        return []


class ActionAskLocation(Action):
    def name(self) -> Text:
        return "action_ask_location"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        locations = load_profile().booking_locations
        dispatcher.utter_message(
            response="utter_ask_location", buttons=[choice_button(name) for name in locations]
        )
        return []


class ActionAskVisitReason(Action):
    def name(self) -> Text:
        return "action_ask_visit_reason"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        reasons = load_profile().visit_reasons
        buttons = [choice_button(reason, tracker=tracker) for reason in reasons]
        buttons.append(choice_button("Skip", "skip", tracker))
        dispatcher.utter_message(response="utter_ask_visit_reason", buttons=buttons)
        return []


class ActionAskCoverageType(Action):
    def name(self) -> Text:
        return "action_ask_coverage_type"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        options = load_profile().coverage_options
        dispatcher.utter_message(
            response="utter_ask_coverage_type",
            buttons=[choice_button(option, tracker=tracker) for option in options],
        )
        return []


def booking_summary(tracker: Tracker) -> str:
    """Every field of the request, as the visitor will be asked to confirm it, in the
    conversation's language."""
    slot = tracker.get_slot
    language = conversation_language(tracker)

    def say(key: Text, **values: Any) -> Text:
        return worded(key, language, **values)

    not_given = say("not_given")
    phone = given(slot("phone"))
    time_text, time_normalized = slot("preferred_time"), slot(TIME_NORMALIZED_SLOT)
    if time_normalized and language == SPANISH:
        time_normalized = normalized_in_spanish(time_normalized)
    preferred = (
        time_text
        if not time_normalized or time_normalized == time_text
        else f"{time_text} ({time_normalized})"
    )
    coverage = slot("coverage_type")
    coverage_text = say(coverage) if coverage in COVERAGE_TYPES else not_given
    if coverage == "insurance":
        member_id = given(slot("insurance_member_id"))
        coverage_text += f": {slot('insurance_carrier')}, " + (
            say("member_id", member_id=member_id) if member_id else say("member_id_not_given")
        )
    patient = slot("patient_name")
    relation = shown_relation(slot("relationship"), language)
    if patient and relation:
        for_whom = say("patient_and_relation", patient=patient, relation=relation)
    else:
        for_whom = patient or say("your_relation", relation=relation)
    status = slot("patient_status")
    lines = [
        (say("your_name") if patient or relation else say("name"), slot("full_name")),
        *([(say("appointment_for"), for_whom)] if patient or relation else []),
        (say("phone"), format_phone(phone) if phone else not_given),
        (say("email"), given(slot("email")) or not_given),
        (say("location"), slot("location")),
        (say("preferred_time"), preferred),
        (say("provider"), slot("provider") or say("no_preference")),
        (say("patient"), say(status) if status in ("new", "returning") else not_given),
        (
            say("visit_reason"),
            shown_option(given(slot("visit_reason")), language)
            if given(slot("visit_reason"))
            else not_given,
        ),
        (say("coverage"), coverage_text),
        (say("consent"), say("yes") if slot("contact_consent") is True else say("no")),
    ]
    return "\n".join(f"- {label}: {value}" for label, value in lines)


class ActionAskBookingConfirm(Action):
    def name(self) -> Text:
        return "action_ask_booking_confirm"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        dispatcher.utter_message(
            response="utter_ask_booking_confirm", booking_summary=booking_summary(tracker)
        )
        return []


def booking_request_fields(tracker: Tracker) -> Dict[str, Any]:
    """The request body's fields (the app's contract) from the form's slots."""
    slot = tracker.get_slot
    insured = slot("coverage_type") == "insurance"
    return {
        "full_name": slot("full_name"),
        "phone": given(slot("phone")),
        "email": given(slot("email")),
        "location": slot("location"),
        "preferred_time_text": slot("preferred_time"),
        "preferred_time_normalized": slot(TIME_NORMALIZED_SLOT),
        "patient_status": slot("patient_status"),
        "visit_reason": given(slot("visit_reason")),
        "coverage_type": slot("coverage_type"),
        "insurance_carrier": given(slot("insurance_carrier")) if insured else None,
        "insurance_member_id": given(slot("insurance_member_id")) if insured else None,
        "contact_consent": slot("contact_consent") is True,
        "provider": slot("provider"),
        "patient_name": slot("patient_name"),
        "relationship": slot("relationship"),
        "notes": None,
        "assessment": assessment_for_request(tracker),
        "language": conversation_language(tracker),
    }


class ActionSubmitBooking(Action):
    """Send the confirmed request: delivered now, or queued and delivered later."""

    def name(self) -> Text:
        return "action_submit_booking"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        if is_minor(tracker):
            dispatcher.utter_message(response="utter_booking_minor")
            return [*cleared_booking_slots(), SlotSet(INSTANCE_SLOT, None)]
        fields = booking_request_fields(tracker)
        if not (
            fields["contact_consent"]
            and fields["full_name"]
            and (fields["phone"] or fields["email"])
        ):
            # The form guarantees these; never send a request the visitor did not complete.
            logger.error("conversation=%s event=booking_incomplete", tracker.sender_id)
            dispatcher.utter_message(response="utter_booking_not_saved")
            return []
        instance = tracker.get_slot(INSTANCE_SLOT) or _form_activation_id(tracker)
        key = make_idempotency_key("booking", tracker.sender_id, instance)
        try:
            result = await submit_request(
                fields, kind="booking", conversation_id=tracker.sender_id, idempotency_key=key
            )
        except Exception as exc:  # the outbox itself failed: nothing is saved, say so
            logger.error(
                "conversation=%s event=booking_not_saved error=%s",
                tracker.sender_id,
                type(exc).__name__,
            )
            dispatcher.utter_message(response="utter_booking_not_saved")
            return []
        if result.rejected:
            dispatcher.utter_message(response="utter_booking_not_saved")
            return []
        response = "utter_booking_sent" if result.delivered else "utter_booking_queued"
        dispatcher.utter_message(response=response, reference=result.reference)
        # The request is safe in the outbox: the conversation no longer needs the details.
        return [
            *cleared_booking_slots(),
            SlotSet(INSTANCE_SLOT, None),
            SlotSet(REFERENCE_SLOT, result.reference),
        ]


def _form_activation_id(tracker: Tracker) -> str:
    """Fallback instance id: when this run of the form was activated."""
    for event in reversed(tracker.events):
        if event.get("event") == "active_loop" and event.get("name") == FORM:
            return f"loop-{event.get('timestamp')}"
    return "loop-unknown"


class ActionCancelBooking(Action):
    """ "Cancel"/"stop" at any step: leave the form; nothing is sent."""

    def name(self) -> Text:
        return "action_cancel_booking"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        # Leaving or asking for deletion gets its own next reply (data/rules/booking.yml):
        # the stop is said without "anything else?" before it.
        leaving = latest_intent(tracker) in STOPPING_INTENTS
        dispatcher.utter_message(
            response="utter_booking_stopped" if leaving else "utter_booking_cancelled"
        )
        logger.info(
            "conversation=%s slot=%s event=booking_cancelled",
            tracker.sender_id,
            tracker.get_slot(REQUESTED_SLOT),
        )
        return [
            ActiveLoop(None),
            SlotSet(REQUESTED_SLOT, None),
            *cleared_booking_slots(),
            SlotSet(INSTANCE_SLOT, None),
        ]
