"""A form validation action that counts a visitor's repeated misses on one question.

RasaHQ/financial-demo's pattern (actions/custom_forms.py): one base class wraps
rasa_sdk's FormValidationAction and counts consecutive failed validations of the
requested slot. From the second miss on, the visitor is offered a way out: to skip the
question when it is optional, otherwise to talk to a person.
"""

from __future__ import annotations

import logging
from abc import ABC, abstractmethod
from typing import Any, Dict, List, Text

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import REQUESTED_SLOT, FormValidationAction

from clinic.contact_fields import Parsed

logger = logging.getLogger(__name__)

MISSES_SLOT = "repeated_validation_failures"
MAX_MISSES = 2


def say_why(dispatcher: CollectingDispatcher, parsed: Parsed) -> None:
    """Why an answer was not taken: the rule's response (utter_invalid_... in domain.yml,
    answered in the conversation's language), filled with its details (limits, choices)."""
    dispatcher.utter_message(response=parsed.error, **parsed.details)


class FailureCountingFormValidationAction(FormValidationAction, ABC):
    """Subclasses name the responses that offer the way out and say which slots are optional."""

    skip_offer_response: Text = ""
    person_offer_response: Text = ""

    @abstractmethod
    def name(self) -> Text:
        """Abstract, so rasa_sdk does not register this base class as an action."""

    def is_optional(self, slot: Text, tracker: Tracker) -> bool:
        return False

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        requested = tracker.get_slot(REQUESTED_SLOT)
        form_slots = set(self.domain_slots(domain))
        events = await super().run(dispatcher, tracker, domain)
        return events + self._count_misses(requested, form_slots, events, dispatcher, tracker)

    def _count_misses(
        self,
        requested: Text,
        form_slots: set,
        events: List[EventType],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
    ) -> List[EventType]:
        set_now = {
            e["name"]: e["value"]
            for e in events
            if e.get("event") == "slot" and e["name"] != REQUESTED_SLOT
        }
        if not requested or requested not in set_now:
            # Nothing was taken from this message (an FAQ, "cancel", a crisis): the
            # form is being interrupted, which is not a wrong answer.
            return []
        other_fields_changed = any(name in form_slots and name != requested for name in set_now)
        if set_now[requested] is not None or other_fields_changed:
            return [SlotSet(MISSES_SLOT, 0)] if tracker.get_slot(MISSES_SLOT) else []

        misses = int(tracker.get_slot(MISSES_SLOT) or 0) + 1
        logger.info(
            "conversation=%s slot=%s event=validation_failed misses=%d",
            tracker.sender_id,
            requested,
            misses,
        )
        if misses >= MAX_MISSES:
            optional = self.is_optional(requested, tracker)
            dispatcher.utter_message(
                response=self.skip_offer_response if optional else self.person_offer_response
            )
        return [SlotSet(MISSES_SLOT, misses)]
