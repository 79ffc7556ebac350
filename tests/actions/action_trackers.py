"""Trackers as Rasa sends them to the action server, and the replies as the visitor sees them
(domain responses filled in like Rasa's NLG does)."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence

import yaml
from rasa.core.nlg.interpolator import interpolate, interpolate_text
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.session import clinic_fact_slots

PROJECT_DIR = Path(__file__).resolve().parents[2]
DOMAIN: Dict[str, Any] = yaml.safe_load((PROJECT_DIR / "domain.yml").read_text(encoding="utf-8"))


def clinic_slot_values() -> Dict[str, Any]:
    return {event["name"]: event["value"] for event in clinic_fact_slots()}


def make_tracker(
    slots: Optional[Dict[str, Any]] = None,
    text: str = "",
    intent: Optional[str] = "inform",
    requested_slot: Optional[str] = None,
    entities: Sequence[dict] = (),
    sender_id: str = "conversation-1",
    events: Optional[List[dict]] = None,
) -> Tracker:
    """A tracker as Rasa sends it to the action server while booking_form is active."""
    latest = {
        "text": text,
        "intent": {"name": intent, "confidence": 0.93} if intent else {},
        "entities": list(entities),
    }
    return Tracker.from_dict(
        {
            "sender_id": sender_id,
            "slots": {**clinic_slot_values(), "requested_slot": requested_slot, **(slots or {})},
            "latest_message": latest,
            "events": events
            if events is not None
            else [{"event": "user", "text": text, "parse_data": latest}],
            "active_loop": {"name": "booking_form"},
            "latest_action_name": "action_listen",
        }
    )


def button_choice(value: str) -> List[dict]:
    return [{"entity": "booking_choice", "value": value}]


def variation(name: str, slots: Dict[str, Any]) -> Dict[str, Any]:
    """The response's variation Rasa picks: the first whose slot conditions hold (the Spanish
    one in a Spanish conversation, issue 19), else the one without conditions."""
    variants = DOMAIN["responses"][name]
    for variant in variants:
        conditions = variant.get("condition") or []
        if conditions and all(slots.get(c["name"]) == c["value"] for c in conditions):
            return variant
    return next(v for v in variants if not v.get("condition"))


def rendered(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[dict]:
    """The messages as the visitor sees them: domain responses filled like Rasa's NLG does."""
    shown = []
    for message in dispatcher.messages:
        name = message.get("response")
        if name:
            template = variation(name, tracker.slots)
            extra = {
                k: v
                for k, v in message.items()
                if k
                not in {
                    "text",
                    "buttons",
                    "elements",
                    "custom",
                    "template",
                    "response",
                    "image",
                    "attachment",
                }
            }
            values = {**tracker.slots, **extra}
            text = interpolate_text(template["text"], values)
            # As Rasa's NLG: the response's own buttons are filled too, the action's are not.
            buttons = interpolate(copy.deepcopy(template.get("buttons", [])), values) + list(
                message.get("buttons") or []
            )
        else:
            text, buttons = message["text"], list(message.get("buttons") or [])
        shown.append({"text": text, "buttons": buttons, "response": name})
    return shown


def explained(parsed: Any, language: str = "en") -> str:
    """What the visitor reads for a refused answer: the rule's response (Parsed.error) in the
    language, filled with its details."""
    slots = {**clinic_slot_values(), "language": language}
    return interpolate_text(variation(parsed.error, slots)["text"], {**slots, **parsed.details})


def texts(dispatcher: CollectingDispatcher, tracker: Tracker) -> str:
    return "\n".join(m["text"] for m in rendered(dispatcher, tracker))


def slot_events(events: List[dict]) -> Dict[str, Any]:
    """name -> value of the SlotSet events (the last one wins, as in Rasa)."""
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
