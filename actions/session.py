"""Session start: fill the clinic-fact slots that responses interpolate."""

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, EventType, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from clinic.profile import load_profile


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
    ]


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
        return [SessionStarted(), *carried, *clinic_fact_slots(), ActionExecuted("action_listen")]
