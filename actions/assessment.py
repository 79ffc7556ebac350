"""The self-assessment in chat: PHQ-9 (depression) or GAD-7 (anxiety), issue 10.

Flow (data/rules/assessment.yml): action_start_assessment shows the page's disclaimer,
then assessment_form asks which questionnaire (the consent question) and one item at a
time; validate_assessment_form maps free text, applies the PHQ-9 item-9 rule and ends
the form early on "stop"; action_assessment_result scores, explains and offers a
consultation request whose buttons record whether the visitor shares the scores.

Crisis messages never reach these actions: the answer slots exclude intent `crisis`,
so the form rejects and the safety rules answer, as everywhere else.

In a Spanish conversation (issue 19) everything around the questionnaire is in Spanish
(instruments.yml `spanish`); the questions and answer options keep their validated English
wording, and the answer buttons send the score ("0".."3") so that clicking an English
title never switches the conversation to English.
"""

from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import REQUESTED_SLOT
from rasa_sdk.types import DomainDict

from actions.assessment_answers import DECLINED, answer_score, chosen_instrument, wants_to_stop
from actions.assessment_scoring import (
    AssessmentResult,
    Instrument,
    is_safety_answer_positive,
    load_instrument_text,
    score_answers,
)
from actions.booking_fields import parse_yes_no
from actions.crisis_reply import send_crisis_resources
from actions.language import conversation_language, reply_in_spanish
from clinic.clock import utc_now
from clinic.language import SPANISH
from clinic.profile import load_profile

logger = logging.getLogger(__name__)

FORM = "assessment_form"
INSTRUMENT = "assessment_instrument"
ANSWER = "assessment_answer"
ANSWERS = "assessment_answers"
STATUS = "assessment_status"
RESULTS = "assessment_results"
SHARE = "share_assessment"
# Owned by the safety layer (domain.yml safety slots); the staff console shows it first.
CRISIS_FLAG = "crisis_flag"

STOPPED = "stopped"
# A message classified as an FAQ question with at least this confidence is answered
# in place of an unclear answer, then the same question is asked again.
FAQ_CONFIDENCE = 0.8


def _intent(tracker: Tracker) -> Optional[str]:
    return (tracker.latest_message.get("intent") or {}).get("name")


def _in_spanish(tracker: Tracker) -> bool:
    return conversation_language(tracker) == SPANISH


def _messages(tracker: Tracker) -> Dict[str, str]:
    """What the assistant says around the questionnaires, in the conversation's language."""
    text = load_instrument_text()
    return dict(text.spanish.messages if _in_spanish(tracker) else text.messages)


def _disclaimers() -> Dict[str, str]:
    """The page's disclaimer (quoted in English) and its Spanish rendering."""
    text = load_instrument_text()
    return {"disclaimer": text.disclaimer, "disclaimer_es": text.spanish.disclaimer}


def _instrument(tracker: Tracker) -> Optional[Instrument]:
    return load_instrument_text().instruments.get(tracker.get_slot(INSTRUMENT) or "")


def _answers(tracker: Tracker) -> List[int]:
    return list(tracker.get_slot(ANSWERS) or [])


def _questionnaire_slots_cleared() -> List[EventType]:
    """Forget an unfinished or finished run (its answers are kept only as a result)."""
    return [
        SlotSet(INSTRUMENT, None),
        SlotSet(ANSWER, None),
        SlotSet(ANSWERS, None),
        SlotSet(STATUS, None),
    ]


def replies_to_this_form(tracker: Tracker) -> bool:
    """True when the latest user message answers a question this form asked.

    When a paused questionnaire is resumed (e.g. after the crisis reply) the resuming
    message ("continue") is not an answer and must not be scored.
    """
    seen_user = False
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            seen_user = True
        elif seen_user and event.get("event") == "action" and event.get("name") != "action_listen":
            return event.get("name") == FORM
    return False


def _answer_faq(dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
    """Answer a clear FAQ question typed instead of an answer; True if answered."""
    message = tracker.latest_message or {}
    intent = message.get("intent") or {}
    if intent.get("name") != "faq" or (intent.get("confidence") or 0.0) < FAQ_CONFIDENCE:
        return False
    response = ((message.get("response_selector") or {}).get("faq") or {}).get("response") or {}
    utter_action = response.get("utter_action")
    if not utter_action:
        return False
    dispatcher.utter_message(response=utter_action)
    return True


def named_instrument(tracker: Tracker) -> Optional[str]:
    """The questionnaire named in the message that started this self-assessment ("I want
    the depression test"), so the consent question offers that one (issue 16)."""
    for event in reversed(tracker.events):
        if event.get("event") != "user":
            continue
        intent = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
        if intent == "start_assessment":
            choice = chosen_instrument(event.get("text") or "")
            return choice if choice in load_instrument_text().instruments else None
    return None


def answer_buttons(tracker: Tracker) -> List[Dict[str, str]]:
    """The answer scale's validated English titles. The payload is the title itself (typed
    text and clicks go through the same mapper); in a Spanish conversation it is the score,
    which the mapper reads too: an English title sent as text would switch the language."""
    spanish = _in_spanish(tracker)
    return [
        {"title": o.title, "payload": str(o.score) if spanish else o.title}
        for o in load_instrument_text().answer_scale
    ]


def choice_buttons(tracker: Tracker) -> List[Dict[str, str]]:
    """The questionnaires and "No, thanks"; Spanish titles send the English buttons' words."""
    text = load_instrument_text()
    spanish = _in_spanish(tracker)
    buttons = [
        {"title": text.spanish.buttons[key] if spanish else i.button, "payload": i.button}
        for key, i in text.instruments.items()
    ]
    decline = text.messages["decline_button"]
    shown = _messages(tracker)["decline_button"]
    return buttons + [{"title": shown, "payload": decline}]


def numbered_answers() -> str:
    """'0 = "Not at all", 1 = "Several days", ...' (the Spanish hint)."""
    return ", ".join(f'{o.score} = "{o.title}"' for o in load_instrument_text().answer_scale)


class ActionStartAssessment(Action):
    """Disclaimer and attribution first; assessment_form then asks for consent."""

    def name(self) -> Text:
        return "action_start_assessment"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        text = load_instrument_text()
        messages = _messages(tracker)
        dispatcher.utter_message(text=messages["intro"].format(**_disclaimers()))
        privacy = messages["intro_privacy"].format(clinic_name=load_profile().name)
        attribution = text.spanish.attribution if _in_spanish(tracker) else text.attribution
        dispatcher.utter_message(text=f"{attribution}\n\n{privacy}")
        logger.info("assessment event=started conversation=%s", tracker.sender_id)
        # Consent to share is asked again after each new result.
        return [
            *_questionnaire_slots_cleared(),
            SlotSet(SHARE, None),
            SlotSet(REQUESTED_SLOT, None),
        ]


class ActionAskAssessmentInstrument(Action):
    def name(self) -> Text:
        return "action_ask_assessment_instrument"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        text = load_instrument_text()
        messages = _messages(tracker)
        named = text.instruments.get(named_instrument(tracker) or "")
        if named is None:
            dispatcher.utter_message(text=messages["choose"], buttons=choice_buttons(tracker))
            return []
        shown = text.spanish.buttons[named.key] if _in_spanish(tracker) else named.button
        decline = text.messages["decline_button"]
        dispatcher.utter_message(
            text=messages["choose_named"].format(button=shown),
            buttons=[
                {"title": messages["start_named_button"], "payload": named.button},
                {"title": messages["decline_button"], "payload": decline},
            ],
        )
        return []


class ActionAskAssessmentAnswer(Action):
    """The next item, with the instrument's own stem and the 0-3 answer buttons."""

    def name(self) -> Text:
        return "action_ask_assessment_answer"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        instrument = _instrument(tracker)
        if instrument is None:
            return await ActionAskAssessmentInstrument().run(dispatcher, tracker, domain)
        number = min(len(_answers(tracker)) + 1, len(instrument.items))
        question = _messages(tracker)["question"].format(
            name=instrument.name,
            number=number,
            count=len(instrument.items),
            stem=instrument.stem,
            item=instrument.items[number - 1],
        )
        dispatcher.utter_message(text=question, buttons=answer_buttons(tracker))
        return []


class ValidateAssessmentForm(FormValidationAction):
    def name(self) -> Text:
        return "validate_assessment_form"

    async def required_slots(
        self,
        domain_slots: List[Text],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> List[Text]:
        return [] if tracker.get_slot(STATUS) else domain_slots

    async def next_requested_slot(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Optional[EventType]:
        """Ask the choice, then one item at a time; None ends the form (done or stopped)."""
        instrument = _instrument(tracker)
        if tracker.get_slot(STATUS):
            return SlotSet(REQUESTED_SLOT, None)
        if instrument is None:
            return SlotSet(REQUESTED_SLOT, INSTRUMENT)
        if len(_answers(tracker)) < len(instrument.items):
            return SlotSet(REQUESTED_SLOT, ANSWER)
        return SlotSet(REQUESTED_SLOT, None)

    def validate_assessment_instrument(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        if not isinstance(value, str):
            return {INSTRUMENT: None}
        if not replies_to_this_form(tracker):
            # Re-validated when a paused questionnaire resumes: keep a choice made earlier,
            # never read the resuming message as a choice.
            return {INSTRUMENT: value if value in load_instrument_text().instruments else None}
        choice = chosen_instrument(value)
        if choice is None and parse_yes_no(value, _intent(tracker)) is True:
            choice = named_instrument(tracker)  # "yes" to the questionnaire they named
        if choice == DECLINED:
            return {INSTRUMENT: None, STATUS: DECLINED}
        if choice is None:
            if not _answer_faq(dispatcher, tracker):
                dispatcher.utter_message(text=_messages(tracker)["choose_again"])
            return {INSTRUMENT: None}
        return {INSTRUMENT: choice, ANSWERS: []}

    def validate_assessment_answer(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        instrument = _instrument(tracker)
        if not isinstance(value, str) or instrument is None or not replies_to_this_form(tracker):
            return {ANSWER: None}
        if wants_to_stop(value):
            return {ANSWER: None, ANSWERS: None, STATUS: STOPPED}
        score = answer_score(value)
        if score is None:
            if not _answer_faq(dispatcher, tracker):
                options = [f'"{o.title}"' for o in load_instrument_text().answer_scale]
                listed = ", ".join(options[:-1]) + " or " + options[-1]
                again = _messages(tracker)["answer_again"]
                dispatcher.utter_message(
                    text=again.format(options=listed, numbered=numbered_answers())
                )
            return {ANSWER: None}
        answers = _answers(tracker) + [score]
        slots: Dict[Text, Any] = {ANSWER: None, ANSWERS: answers}
        if is_safety_answer_positive(instrument, len(answers), score):
            # Whatever the total: the crisis resources now, before any result.
            send_crisis_resources(dispatcher, in_spanish=reply_in_spanish(tracker))
            slots[CRISIS_FLAG] = True
            logger.info("assessment event=safety_item_positive conversation=%s", tracker.sender_id)
        return slots


class ActionAssessmentResult(Action):
    """After the form: the score in plain words, or an acknowledgement of stop/decline."""

    def name(self) -> Text:
        return "action_assessment_result"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        messages = _messages(tracker)
        instrument = _instrument(tracker)
        answers = _answers(tracker)
        status = tracker.get_slot(STATUS)
        if status == DECLINED:
            dispatcher.utter_message(text=messages["declined"])
            logger.info("assessment event=declined conversation=%s", tracker.sender_id)
            return _questionnaire_slots_cleared()
        if instrument is None or len(answers) != len(instrument.items):
            # Stopped, or ended by anything else before the last answer: nothing is scored.
            dispatcher.utter_message(text=messages["stopped"])
            logger.info("assessment event=stopped conversation=%s", tracker.sender_id)
            return _questionnaire_slots_cleared()

        result = score_answers(instrument, answers)
        self._explain(dispatcher, tracker, result)
        record = result.as_record(completed_at=utc_now().isoformat(timespec="seconds"))
        earlier = [
            r
            for r in tracker.get_slot(RESULTS) or []
            if r.get("instrument") != record["instrument"]
        ]
        logger.info("assessment event=completed conversation=%s", tracker.sender_id)
        return [SlotSet(RESULTS, earlier + [record]), *_questionnaire_slots_cleared()]

    @staticmethod
    def _explain(
        dispatcher: CollectingDispatcher, tracker: Tracker, result: AssessmentResult
    ) -> None:
        text = load_instrument_text()
        messages = _messages(tracker)
        instrument = result.instrument
        # The band in the conversation's language (a Spanish label and meaning, same band).
        band = text.spanish.band(instrument, result.band) if _in_spanish(tracker) else result.band
        if result.item9_positive:
            profile = load_profile()
            label = band.label if result.visitor_band_label else None
            dispatcher.utter_message(
                text=messages["result_safety"].format(
                    name=instrument.name,
                    score=result.score,
                    max_score=instrument.max_score,
                    band_part=messages["result_safety_band"].format(band=label) if label else "",
                    clinic_name=profile.name,
                    clinic_phone=profile.phone,
                    clinic_hours=profile.hours,
                )
            )
        else:
            dispatcher.utter_message(
                text=messages["result"].format(
                    name=instrument.name,
                    score=result.score,
                    max_score=instrument.max_score,
                    band=band.label,
                    meaning=band.meaning,
                )
            )
        dispatcher.utter_message(text=messages["reminder"].format(**_disclaimers()))
        if result.item9_positive:
            # The crisis resources were just shown: no booking question competes with them.
            dispatcher.utter_message(text=messages["offer_after_safety"])
            return
        dispatcher.utter_message(
            text=messages["offer"],
            buttons=[
                {
                    "title": messages["share_button"],
                    "payload": '/request_appointment{"share_assessment": true}',
                },
                {
                    "title": messages["no_share_button"],
                    "payload": '/request_appointment{"share_assessment": false}',
                },
                {"title": messages["no_thanks_button"], "payload": "/deny"},
            ],
        )


def assessment_for_request(tracker: Tracker) -> Optional[Dict[str, Any]]:
    """The results to attach to a booking request: only with the visitor's consent.

    Returns {"shared_with_consent": True, "results": [record, ...]} (one record per
    questionnaire, see AssessmentResult.as_record) or None.
    """
    results = tracker.get_slot(RESULTS) or []
    if tracker.get_slot(SHARE) is not True or not results:
        return None
    return {"shared_with_consent": True, "results": [dict(r) for r in results]}
