"""Conversations written the way Rasa writes them: Rasa's event classes saved by our tracker store
(components/tracker_store.py: Rasa's SQLTrackerStore, data encrypted)."""

from __future__ import annotations

from typing import List, Optional

from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    ActiveLoop,
    BotUttered,
    Event,
    SessionStarted,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker

from components.tracker_store import ClinicTrackerStore


def tracker_store(database_url: str) -> ClinicTrackerStore:
    return ClinicTrackerStore(domain=Domain.empty(), database_url=database_url)


async def save(store: ClinicTrackerStore, sender_id: str, events: List[Event]) -> None:
    """Append `events` to the conversation, as Rasa does after each message."""
    tracker = await store.retrieve_full_tracker(sender_id) or DialogueStateTracker(
        sender_id, slots=[]
    )
    for event in events:
        tracker.update(event)
    await store.save(tracker)


class Script:
    """Builds one conversation's events with increasing timestamps."""

    def __init__(self, start: float) -> None:
        self.t = start
        self.events: List[Event] = []

    def _ts(self, step: float = 2.0) -> float:
        self.t += step
        return self.t

    def session(self) -> "Script":
        # As Rasa logs it: the action's own ActionExecuted is stamped after the events the
        # action server returned (SessionStarted, slots, action_listen), though listed first.
        started = self._ts(0.1)
        self.events += [
            ActionExecuted("action_session_start", timestamp=started + 0.05),
            SessionStarted(timestamp=started),
            SlotSet("clinic_name", "NorTex Psychiatry", timestamp=started),
            ActionExecuted("action_listen", timestamp=started),
        ]
        self.t = started + 0.05
        return self

    def user(
        self,
        text: str,
        intent: str,
        confidence: float = 0.93,
        retrieval: Optional[str] = None,
        entities: Optional[list] = None,
    ) -> "Script":
        parse_data = {"intent_ranking": [{"name": intent, "confidence": confidence}]}
        if retrieval:
            parse_data["response_selector"] = {
                "all_retrieval_intents": [intent],
                intent: {
                    "response": {
                        "intent_response_key": f"{intent}/{retrieval}",
                        "confidence": 0.88,
                        "utter_action": f"utter_{intent}/{retrieval}",
                        "responses": [{"text": "…"}],
                    },
                    "ranking": [],
                },
            }
        self.events.append(
            UserUttered(
                text,
                {"name": intent, "confidence": confidence},
                entities or [],
                parse_data=parse_data,
                timestamp=self._ts(20),
                input_channel="rest",
            )
        )
        return self

    def bot(
        self,
        action: str,
        text: Optional[str] = None,
        buttons: Optional[list] = None,
        policy: str = "RulePolicy",
    ) -> "Script":
        self.events.append(
            ActionExecuted(action, policy=policy, confidence=1.0, timestamp=self._ts(0.5))
        )
        if text is not None:
            self.events.append(
                BotUttered(
                    text,
                    {"buttons": buttons} if buttons else {},
                    {"utter_action": action},
                    timestamp=self._ts(0.1),
                )
            )
        return self

    def slot(self, name: str, value) -> "Script":
        self.events.append(SlotSet(name, value, timestamp=self._ts(0.1)))
        return self

    def form(self, name: Optional[str]) -> "Script":
        self.events.append(ActiveLoop(name, timestamp=self._ts(0.1)))
        return self

    def listen(self) -> "Script":
        self.events.append(ActionExecuted("action_listen", timestamp=self._ts(0.1)))
        return self
