"""Safety actions (issue 4): the crisis reply, pausing and resuming forms, medical-advice
questions and visitors under 18.

Logs carry the conversation id and event names only, never what the visitor wrote.
"""

import logging
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.crisis_reply import others_danger_messages, send_crisis_resources
from actions.language import reply_in_spanish
from actions.minor_age import says_adult, says_under_18
from clinic.privacy_markers import conversation_tag
from clinic.profile import load_profile
from clinic.safety_lexicon import PARSE_KEY, assess_crisis

logger = logging.getLogger(__name__)

CRISIS_FLAG = "crisis_flag"
PAUSED_FORM = "paused_form"
IS_MINOR = "is_minor"
REQUESTED_SLOT = "requested_slot"


def latest_text(tracker: Tracker) -> Text:
    return (tracker.latest_message or {}).get("text") or ""


def domain_forms(domain: Dict[Text, Any]) -> Dict[Text, Any]:
    return domain.get("forms") or {}


def active_form(tracker: Tracker, domain: Dict[Text, Any]) -> Optional[Text]:
    """The form in progress (not the two-stage fallback loop), if any."""
    name = tracker.active_loop_name
    return name if name in domain_forms(domain) else None


def pause_form(tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
    """Stop the form in progress, remembering it so the visitor can choose to resume.

    Always ends with no active loop (the safety rules say `active_loop: null` after
    these actions whether or not a form was running)."""
    form = active_form(tracker, domain)
    if not form:
        return [ActiveLoop(None)]
    return [ActiveLoop(None), SlotSet(REQUESTED_SLOT, None), SlotSet(PAUSED_FORM, form)]


def forget_form_answers(form: Text, domain: Dict[Text, Any]) -> List[EventType]:
    """Clear what a form collected (used when a visitor under 18 was filling it in)."""
    required = (domain_forms(domain).get(form) or {}).get("required_slots") or []
    return [SlotSet(slot, None) for slot in required]


def is_minor(tracker: Tracker) -> bool:
    return bool(tracker.get_slot(IS_MINOR))


class ActionCrisisResponse(Action):
    """The fixed crisis reply, on any turn and inside any form."""

    def name(self) -> Text:
        return "action_crisis_response"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        text = latest_text(tracker)
        signal = (tracker.latest_message or {}).get(PARSE_KEY)
        if not isinstance(signal, dict):
            # e.g. a "/crisis" payload or a tracker parsed without the NLU component
            lexicon = assess_crisis(text)
            signal = {
                "about_other": lexicon.about_other,
                "spanish": lexicon.spanish,
                "source": "action",
            }
        if signal.get("tier") == "others_danger":
            return self._others_danger(dispatcher, tracker, domain, signal)
        minor = is_minor(tracker) or says_under_18(text)
        about_other = bool(signal.get("about_other"))
        send_crisis_resources(
            dispatcher,
            about_other=about_other,
            spanish=bool(signal.get("spanish")),
            minor=minor and not about_other,
            in_spanish=reply_in_spanish(tracker, bool(signal.get("spanish"))),
        )
        events: List[EventType] = [SlotSet(CRISIS_FLAG, True)]
        if minor and not is_minor(tracker):
            events.append(SlotSet(IS_MINOR, True))
        form = active_form(tracker, domain)
        if form and minor:
            # No identifying data from a visitor under 18: drop the form, offer no resume.
            events += [
                ActiveLoop(None),
                SlotSet(REQUESTED_SLOT, None),
                *forget_form_answers(form, domain),
            ]
        else:
            events += pause_form(tracker, domain)
        paused_earlier = tracker.get_slot(PAUSED_FORM) in domain_forms(domain)
        if (form or paused_earlier) and not minor:
            # Not a booking question: the visitor decides if and when to go on (a form
            # paused by the screening question counts too).
            dispatcher.utter_message(response="utter_resume_offer")
        logger.info(
            "conversation=%s event=crisis_response source=%s about_other=%s form_paused=%s",
            tracker.sender_id,
            signal.get("source"),
            about_other,
            bool(form),
        )
        return events

    def _others_danger(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: Dict[Text, Any],
        signal: Dict[Text, Any],
    ) -> List[EventType]:
        """Threats or violence from someone else: 911 and the DV hotline (issue 17)."""
        spanish = bool(signal.get("spanish"))
        in_spanish = reply_in_spanish(tracker, spanish)
        for message in others_danger_messages(spanish=spanish, in_spanish=in_spanish):
            dispatcher.utter_message(text=message)
        form = active_form(tracker, domain)
        if form:
            dispatcher.utter_message(response="utter_resume_offer")
        logger.info(
            "conversation=%s event=crisis_response tier=others_danger form_paused=%s",
            conversation_tag(tracker.sender_id),
            bool(form),
        )
        return [SlotSet(CRISIS_FLAG, True), *pause_form(tracker, domain)]


class ActionResumeForm(Action):
    """ "Continue where we left off": reactivate the form paused by a crisis or handoff."""

    def name(self) -> Text:
        return "action_resume_form"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        form = tracker.get_slot(PAUSED_FORM)
        if form not in domain_forms(domain):
            dispatcher.utter_message(response="utter_resume_nothing")
            return [SlotSet(PAUSED_FORM, None)] if form else []
        logger.info("conversation=%s event=form_resumed form=%s", tracker.sender_id, form)
        dispatcher.utter_message(response="utter_resume_form")
        # The active loop is set, so the form runs next and asks its next question.
        return [SlotSet(PAUSED_FORM, None), ActiveLoop(form)]


class ActionMedicalAdvice(Action):
    """No individual advice: a provider decides at a consultation (offered outside forms)."""

    def name(self) -> Text:
        return "action_medical_advice"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        if active_form(tracker, domain) or is_minor(tracker):
            dispatcher.utter_message(response="utter_medical_advice_no_offer")
        else:
            dispatcher.utter_message(response="utter_medical_advice")
        return []


class ActionMinorGuidance(Action):
    """A visitor under 18: collect nothing identifying, point to a parent or guardian."""

    def name(self) -> Text:
        return "action_minor_guidance"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        text = latest_text(tracker)
        if says_adult(text) and not says_under_18(text):
            # The classifier guessed "under 18" but the stated age is 18 or more.
            dispatcher.utter_message(response="utter_age_noted")
            return []
        profile = load_profile()
        dispatcher.utter_message(response="utter_under_18")
        # The crisis lines, in case this is why they came (reviewed text, profile); in a
        # Spanish conversation 988's Spanish line and the Spanish 911 line (issue 19).
        if reply_in_spanish(tracker):
            lines = [profile.crisis.spanish, profile.spanish.crisis.emergency]
        else:
            lines = [profile.crisis.lifeline, profile.crisis.emergency]
        dispatcher.utter_message(text="\n".join(lines))
        events: List[EventType] = [SlotSet(IS_MINOR, True), ActiveLoop(None)]
        form = active_form(tracker, domain)
        if form:
            events += [SlotSet(REQUESTED_SLOT, None), *forget_form_answers(form, domain)]
        paused = tracker.get_slot(PAUSED_FORM)
        if paused:
            events += [SlotSet(PAUSED_FORM, None), *forget_form_answers(paused, domain)]
        logger.info(
            "conversation=%s event=minor_guidance form_stopped=%s", tracker.sender_id, bool(form)
        )
        return events
