"""Session start: fill the clinic-fact slots that responses interpolate, and the language.

The widget sends the page's or browser's language as a hint with each message (issue 19);
Rasa hands the first message's metadata to this action (`session_started_metadata`). The
hint sets the language only if the conversation has none yet: what the visitor chose or
wrote before wins.
"""

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, EventType, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.language import LANGUAGE_SLOT
from clinic.language import language_code
from clinic.profile import join_words, load_profile

HINT_KEY = "language_hint"


def clinic_fact_slots() -> List[EventType]:
    p = load_profile()
    return [
        SlotSet("clinic_name", p.name),
        SlotSet("clinic_phone", p.phone),
        SlotSet("clinic_hours", p.hours),
        SlotSet("clinic_locations", p.locations_text),
        SlotSet("clinic_providers", p.providers_text),
        SlotSet("clinic_privacy_url", p.privacy_url),
        SlotSet("clinic_follow_up", p.follow_up),
        SlotSet("clinic_locations_es", join_words(p.locations, last=" y ")),
        SlotSet("clinic_providers_es", p.providers_text_es),
        SlotSet("clinic_follow_up_es", p.spanish.follow_up),
    ]


def language_hint(tracker: Tracker) -> List[EventType]:
    if tracker.get_slot(LANGUAGE_SLOT):
        return []
    metadata = tracker.get_slot("session_started_metadata") or {}
    hint = language_code(metadata.get(HINT_KEY)) if isinstance(metadata, dict) else None
    return [SlotSet(LANGUAGE_SLOT, hint)] if hint else []


class ActionSessionStart(Action):
    def name(self) -> Text:
        return "action_session_start"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        # Carry over the visitor's slots (e.g. crisis flag), then refresh clinic facts.
        carried = [
            SlotSet(key, value)
            for key, value in tracker.current_slot_values().items()
            if value is not None and not key.startswith("clinic_")
        ]
        return [
            SessionStarted(),
            *carried,
            *clinic_fact_slots(),
            *language_hint(tracker),
            ActionExecuted("action_listen"),
        ]
