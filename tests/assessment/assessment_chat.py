"""A small stand-in for Rasa's form loop, so assessment_form's actions run turn by turn.

It follows what Rasa 3.6 does for this form (rasa/core/actions/forms.py): the answer
slots are filled from the text unless the intent is `crisis` (domain.yml mappings), the
validation action sees the candidate after ActionExecuted(assessment_form), the form
asks `action_ask_<requested_slot>`, and a requested_slot of None ends the form, after
which the rule in data/rules/assessment.yml runs action_assessment_result.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, List, Optional

import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.assessment import (
    ActionAskAssessmentAnswer,
    ActionAskAssessmentInstrument,
    ActionAssessmentResult,
    ActionStartAssessment,
    ValidateAssessmentForm,
)

DOMAIN = yaml.safe_load(
    (Path(__file__).resolve().parents[2] / "domain.yml").read_text(encoding="utf-8")
)
FORM = "assessment_form"
ASK = {
    "assessment_instrument": ActionAskAssessmentInstrument(),
    "assessment_answer": ActionAskAssessmentAnswer(),
}


class AssessmentChat:
    def __init__(self, slots: Optional[Dict[str, Any]] = None) -> None:
        self.slots: Dict[str, Any] = {"requested_slot": None, **(slots or {})}
        self.events: List[Dict[str, Any]] = [{"event": "action", "name": "action_listen"}]
        self.active_loop: Optional[str] = None
        self.latest_message: Dict[str, Any] = {}
        self.rejected = False

    # --- what the visitor does -------------------------------------------------------
    async def start(self) -> List[Dict[str, Any]]:
        """The greeting button /start_assessment."""
        return await self.say("/start_assessment", intent="start_assessment")

    async def say(
        self,
        text: str,
        intent: str = "assessment_answer",
        confidence: float = 0.95,
        response_selector: Optional[Dict[str, Any]] = None,
    ) -> List[Dict[str, Any]]:
        """One user turn; returns the bot messages of that turn."""
        self._user(text, intent, confidence, response_selector)
        dispatcher = CollectingDispatcher()
        self.rejected = False
        if intent == "start_assessment":
            self._log(ActionStartAssessment().name())
            await self._run(ActionStartAssessment(), dispatcher)
            await self._activate(dispatcher)
        elif self.active_loop == FORM:
            await self._form_turn(dispatcher, self._candidates(text, intent))
        self._log("action_listen")
        return dispatcher.messages

    async def pause_then_resume(self, resuming_text: str) -> List[Dict[str, Any]]:
        """The safety layer pauses the form (ActiveLoop(None)), then a rule reactivates it."""
        self._log("action_crisis_response")
        self.events.append({"event": "active_loop", "name": None})
        self.active_loop = None
        self._log("action_listen")
        self._user(resuming_text, "affirm", 0.95, None)
        dispatcher = CollectingDispatcher()
        # At activation Rasa extracts slots with the form already active, so the stale
        # requested_slot's mapping sees the resuming message.
        await self._activate(dispatcher, self._candidates(resuming_text, "affirm"))
        self._log("action_listen")
        return dispatcher.messages

    # --- Rasa's side -----------------------------------------------------------------
    def tracker(self, extra_events: List[Dict[str, Any]] = ()) -> Tracker:
        return Tracker.from_dict(
            {
                "sender_id": "conv-test-1",
                "slots": dict(self.slots),
                "latest_message": self.latest_message,
                "events": self.events + list(extra_events),
                "active_loop": {"name": self.active_loop} if self.active_loop else {},
                "latest_action_name": self.events[-1].get("name"),
            }
        )

    def _user(self, text, intent, confidence, response_selector) -> None:
        self.latest_message = {
            "text": text,
            "intent": {"name": intent, "confidence": confidence},
            "entities": [],
            "response_selector": response_selector or {},
        }
        self.events.append({"event": "user", "text": text, "parse_data": self.latest_message})

    def _candidates(self, text: str, intent: str) -> List[Dict[str, Any]]:
        requested = self.slots.get("requested_slot")
        mapping = (DOMAIN["slots"].get(requested) or {}).get("mappings", [{}])[0]
        if mapping.get("type") != "from_text" or intent in mapping.get("not_intent", []):
            return []
        return [{"event": "slot", "name": requested, "value": text}]

    def _log(self, name: str) -> None:
        self.events.append({"event": "action", "name": name})

    def _apply(self, events: List[Dict[str, Any]]) -> None:
        for event in events:
            if event["event"] == "slot":
                self.slots[event["name"]] = event["value"]
            self.events.append(event)

    async def _run(
        self, action, dispatcher, extra_events: List[Dict[str, Any]] = ()
    ) -> List[Dict[str, Any]]:
        events = await action.run(dispatcher, self.tracker(extra_events), DOMAIN)
        self._apply(events)
        return events

    async def _validate(self, dispatcher, candidates) -> List[Dict[str, Any]]:
        # Rasa's temporary tracker for the validation action (FormAction._temporary_tracker).
        temp = [
            {"event": "slot", "name": "requested_slot", "value": self.slots.get("requested_slot")},
            {"event": "action", "name": FORM},
            *candidates,
        ]
        events = await ValidateAssessmentForm().run(dispatcher, self.tracker(temp), DOMAIN)
        self._log(FORM)  # Rasa logs ActionExecuted(form) before the form's events
        self._apply(events)
        return events

    async def _activate(self, dispatcher, candidates=()) -> None:
        self.active_loop = FORM
        self.events.append({"event": "active_loop", "name": FORM})
        self.events.extend(candidates)  # action_extract_slots, run by FormAction.activate
        # Rasa validates every required slot that already has a value (FormAction.activate).
        filled = {**self.slots, **{c["name"]: c["value"] for c in candidates}}
        prefilled = [
            {"event": "slot", "name": slot, "value": filled[slot]}
            for slot in DOMAIN["forms"][FORM]["required_slots"]
            if filled.get(slot) is not None
        ]
        await self._validate(dispatcher, prefilled)
        await self._ask_or_finish(dispatcher)

    async def _form_turn(self, dispatcher, candidates) -> None:
        if not candidates:
            self.rejected = True  # Rasa rejects the form; other rules (safety) answer
            return
        self.events.extend(candidates)  # what action_extract_slots sets after the message
        events = await self._validate(dispatcher, candidates)
        validated = [e for e in events if e["event"] == "slot" and e["name"] != "requested_slot"]
        assert validated, "Rasa would reject the form here"
        await self._ask_or_finish(dispatcher)

    async def _ask_or_finish(self, dispatcher) -> None:
        requested = self.slots.get("requested_slot")
        if requested:
            await self._run(ASK[requested], dispatcher)
            return
        self.active_loop = None
        self.events.append({"event": "active_loop", "name": None})
        self._log(ActionAssessmentResult().name())
        await self._run(ActionAssessmentResult(), dispatcher)
