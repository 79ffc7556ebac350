"""The screening tier (issue 17): a warning sign gets a direct question and the crisis lines.

action_risk_screen asks the C-SSRS screening question (clinic.yml) with the crisis
lines in the same turn and flags the conversation "risk screen" for staff. The next
message is its answer (data/rules/risk_screen.yml): action_screen_answer lets a clear
"no" continue where the visitor was; anything else gets the full crisis reply and the
"crisis" flag. A second warning sign in a conversation already screened, or a warning
sign about someone else, goes straight to the crisis reply: risk that builds over turns
is not asked about twice.

Logs carry the conversation tag, the family label and event names, never the text.
"""

import logging
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.crisis_reply import screen_messages
from actions.language import reply_in_spanish
from actions.safety import (
    CRISIS_FLAG,
    PAUSED_FORM,
    REQUESTED_SLOT,
    domain_forms,
    latest_text,
    pause_form,
)
from clinic.privacy_markers import conversation_tag
from clinic.profile import load_profile
from clinic.risk_tiers import assess_risk
from clinic.safety_lexicon import PARSE_KEY
from clinic.screen_answers import is_clear_no

logger = logging.getLogger(__name__)

RISK_SCREEN_FLAG = "risk_screen_flag"
SCREEN_FAQ = "screen_faq"
CRISIS_ACTION = "action_crisis_response"


def _signal(tracker: Tracker) -> Dict[Text, Any]:
    signal = (tracker.latest_message or {}).get(PARSE_KEY)
    if isinstance(signal, dict):
        return signal
    risk = assess_risk(latest_text(tracker))
    return {"about_other": risk.about_other, "spanish": risk.spanish, "family": risk.family}


# How sure the classifier and the response selector must be that the message also asked
# an FAQ before its answer is held back for after a clear "no".
MIN_FAQ_CONFIDENCE = 0.5


def _held_back_faq(tracker: Tracker) -> Optional[Text]:
    """The FAQ answer the response selector chose for this message, if it asked one."""
    message = tracker.latest_message or {}
    ranking = [r for r in message.get("intent_ranking") or [] if r.get("name") != "risk_screen"]
    if not ranking or ranking[0].get("name") != "faq":
        return None
    if ranking[0].get("confidence", 0.0) < MIN_FAQ_CONFIDENCE:
        return None
    response = ((message.get("response_selector") or {}).get("faq") or {}).get("response") or {}
    name = response.get("utter_action")
    if response.get("confidence", 0.0) < MIN_FAQ_CONFIDENCE:
        return None
    return name if isinstance(name, str) and name.startswith("utter_faq/") else None


class ActionRiskScreen(Action):
    def name(self) -> Text:
        return "action_risk_screen"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        signal = _signal(tracker)
        screened_before = bool(tracker.get_slot(RISK_SCREEN_FLAG) or tracker.get_slot(CRISIS_FLAG))
        events: List[EventType] = [*pause_form(tracker, domain), SlotSet(RISK_SCREEN_FLAG, True)]
        if signal.get("about_other") or screened_before:
            # Someone else at risk (the question is not theirs to answer), or a further
            # sign after an earlier one: the full crisis reply, framed by its action.
            logger.info(
                "conversation=%s event=risk_screen_escalated family=%s about_other=%s",
                conversation_tag(tracker.sender_id),
                signal.get("family"),
                bool(signal.get("about_other")),
            )
            return events + [FollowupAction(CRISIS_ACTION)]
        in_spanish = reply_in_spanish(tracker, bool(signal.get("spanish")))
        messages = screen_messages(spanish=bool(signal.get("spanish")), in_spanish=in_spanish)
        for text in messages[:-1]:
            dispatcher.utter_message(text=text)
        dispatcher.utter_message(
            text=messages[-1],
            buttons=[
                {"title": "Sí" if in_spanish else "Yes", "payload": "/affirm"},
                {"title": "No", "payload": "/deny"},
            ],
        )
        logger.info(
            "conversation=%s event=risk_screen family=%s",
            conversation_tag(tracker.sender_id),
            signal.get("family"),
        )
        return events + [SlotSet(SCREEN_FAQ, _held_back_faq(tracker))]


class ActionScreenAnswer(Action):
    def name(self) -> Text:
        return "action_screen_answer"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        if not _is_clear_no(tracker):
            # Yes, unclear, or not an answer: the crisis reply, which flags the conversation.
            logger.info(
                "conversation=%s event=screen_answer answer=not_no",
                conversation_tag(tracker.sender_id),
            )
            return [SlotSet(SCREEN_FAQ, None), FollowupAction(CRISIS_ACTION)]
        logger.info(
            "conversation=%s event=screen_answer answer=no", conversation_tag(tracker.sender_id)
        )
        profile = load_profile()
        in_spanish = reply_in_spanish(tracker)
        dispatcher.utter_message(
            text=profile.spanish.crisis.screen_no_ack
            if in_spanish
            else profile.crisis.screen.no_ack
        )
        events: List[EventType] = [SlotSet(SCREEN_FAQ, None)]
        form = tracker.get_slot(PAUSED_FORM)
        if form in domain_forms(domain):
            dispatcher.utter_message(response="utter_resume_form")
            # The active loop is set, so the form asks its next question.
            return events + [
                SlotSet(PAUSED_FORM, None),
                SlotSet(REQUESTED_SLOT, None),
                ActiveLoop(form),
            ]
        faq = tracker.get_slot(SCREEN_FAQ)
        if faq:
            dispatcher.utter_message(response=faq)
        else:
            dispatcher.utter_message(response="utter_anything_else")
        return events


def _is_clear_no(tracker: Tracker) -> bool:
    text = latest_text(tracker)
    if text.startswith("/"):
        # The "No" button: its payload carries the intent.
        intent = ((tracker.latest_message or {}).get("intent") or {}).get("name")
        return intent == "deny"
    return is_clear_no(text)
