"""Talking to a person (issue 4): the clinic's phone and hours at any time, and a callback
request (name, phone, consent) stored like a booking request with kind "callback".

Logs carry the conversation id, slot names and event names only: never a name or number.
"""

import logging
import uuid
from typing import Any, Dict, List, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ActionExecuted, ActiveLoop, ConversationPaused, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.form_validation import say_why
from actions.language import conversation_language
from actions.live_chat import ask_for_person
from actions.safety import PAUSED_FORM, is_minor, pause_form
from actions.submission import make_idempotency_key, submit_request
from clinic.contact_fields import parse_full_name, parse_phone
from clinic.live_chat import (
    CONNECTING,
    NOBODY_AVAILABLE,
    callback_button,
    resume_button,
    wait_words,
    worded,
)

logger = logging.getLogger(__name__)

FORM = "callback_form"
NAME, PHONE, CONSENT = "callback_name", "callback_phone", "callback_consent"
INSTANCE, REFERENCE = "callback_instance", "callback_reference"


def callback_slots_cleared() -> List[EventType]:
    return [
        SlotSet(NAME, None),
        SlotSet(PHONE, None),
        SlotSet(CONSENT, None),
        SlotSet(INSTANCE, None),
    ]


class ActionHumanHandoff(Action):
    """ "Talk to a person", at any time: a live chat with staff when one of them is available
    (issue 20), else phone and hours, and a callback request offer."""

    def name(self) -> Text:
        return "action_human_handoff"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        events = pause_form(tracker, domain)
        paused_now = any(e["event"] == "slot" and e["name"] == PAUSED_FORM for e in events)
        live = await ask_for_person(tracker.sender_id, callback_offered=not is_minor(tracker))
        language = conversation_language(tracker)
        if live.waiting:
            # Staff see the visitor on their live page; the assistant is paused until one of
            # them hands back or nobody joins in time (the app resumes it then).
            wait = wait_words(live.wait_s, language)
            dispatcher.utter_message(text=worded(CONNECTING, language).format(minutes=wait))
            logger.info("conversation=%s event=live_handoff_waiting", tracker.sender_id)
            # Paused, the loop stops before its action_listen: add it, so the visitor's next
            # turns (and the first after the hand back) follow a listen as in any conversation.
            return [*events, ConversationPaused(), ActionExecuted("action_listen")]
        if live.nobody_available:
            dispatcher.utter_message(text=worded(NOBODY_AVAILABLE, language))
        buttons = [] if is_minor(tracker) else [callback_button(language)]
        if paused_now or tracker.get_slot(PAUSED_FORM):
            buttons.append(resume_button(language))
        response = "utter_human_handoff_minor" if is_minor(tracker) else "utter_human_handoff"
        dispatcher.utter_message(response=response, buttons=buttons)
        logger.info(
            "conversation=%s event=human_handoff form_paused=%s", tracker.sender_id, paused_now
        )
        return events


class ActionStartCallback(Action):
    """Start the callback form, unless the visitor is under 18 (nothing identifying then)."""

    def name(self) -> Text:
        return "action_start_callback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        if is_minor(tracker):
            dispatcher.utter_message(response="utter_callback_minor")
            return []
        # A fresh instance id per request: the source of its idempotency key.
        return [*callback_slots_cleared(), SlotSet(INSTANCE, uuid.uuid4().hex), ActiveLoop(FORM)]


class ValidateCallbackForm(FormValidationAction):
    def name(self) -> Text:
        return "validate_callback_form"

    def validate_callback_name(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        parsed = parse_full_name(str(value), surname=False)
        if not parsed.ok:
            say_why(dispatcher, parsed)
        return {NAME: parsed.value}

    def validate_callback_phone(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        parsed = parse_phone(str(value))
        if not parsed.ok:
            say_why(dispatcher, parsed)
        return {PHONE: parsed.value}


class ActionSubmitCallback(Action):
    """Store the callback request through the app (queued if the app is down)."""

    def name(self) -> Text:
        return "action_submit_callback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        name, phone = tracker.get_slot(NAME), tracker.get_slot(PHONE)
        if is_minor(tracker):
            dispatcher.utter_message(response="utter_callback_minor")
            return callback_slots_cleared()
        if tracker.get_slot(CONSENT) is not True or not name or not phone:
            dispatcher.utter_message(response="utter_callback_not_sent")
            return callback_slots_cleared()
        instance = tracker.get_slot(INSTANCE) or uuid.uuid4().hex
        fields = {
            "full_name": name,
            "phone": phone,
            "contact_consent": True,
            "language": conversation_language(tracker),
        }
        try:
            result = await submit_request(
                fields,
                kind="callback",
                conversation_id=tracker.sender_id,
                idempotency_key=make_idempotency_key("callback", tracker.sender_id, instance),
            )
        except Exception as exc:  # the outbox itself failed: nothing was saved
            logger.error(
                "conversation=%s event=callback_not_saved error=%s",
                tracker.sender_id,
                type(exc).__name__,
            )
            dispatcher.utter_message(response="utter_callback_failed")
            return callback_slots_cleared()
        if result.rejected:
            dispatcher.utter_message(response="utter_callback_failed")
            return callback_slots_cleared()
        response = "utter_callback_sent" if result.delivered else "utter_callback_queued"
        dispatcher.utter_message(response=response, reference=result.reference)
        return [*callback_slots_cleared(), SlotSet(REFERENCE, result.reference)]


class ActionCancelCallback(Action):
    def name(self) -> Text:
        return "action_cancel_callback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        dispatcher.utter_message(response="utter_callback_cancelled")
        return [ActiveLoop(None), SlotSet("requested_slot", None), *callback_slots_cleared()]
