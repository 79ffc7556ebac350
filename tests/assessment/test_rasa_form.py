"""assessment_form driven by Rasa's own FormAction and slot extraction (no model needed).

The actions run in-process through rasa_sdk's ActionExecutor, so this checks the real
contract between Rasa 3.6's form loop and validate_assessment_form: dynamic requested
slot, re-asking, early end, and re-activation after the safety layer paused the form.
"""

from pathlib import Path

import pytest
from in_process_actions import InProcessActionServer
from rasa.core.actions.action import ActionExecutionRejection, ActionExtractSlots, RemoteAction
from rasa.core.actions.forms import FormAction
from rasa.core.channels import CollectingOutputChannel
from rasa.core.nlg import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    ActionExecutionRejected,
    ActiveLoop,
    BotUttered,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker

from actions.assessment_scoring import load_instrument_text
from clinic.profile import load_profile

DOMAIN = Domain.load(str(Path(__file__).resolve().parents[2] / "domain.yml"))
TEXT = load_instrument_text()


class RasaConversation:
    def __init__(self) -> None:
        self.endpoint = InProcessActionServer()
        self.nlg = TemplatedNaturalLanguageGenerator(DOMAIN.responses)
        self.tracker = DialogueStateTracker.from_events(
            "conv-rasa-1", [ActionExecuted("action_listen")], slots=DOMAIN.slots
        )

    async def _run(self, action) -> list:
        events = await action.run(CollectingOutputChannel(), self.nlg, self.tracker, DOMAIN)
        self.tracker.update(ActionExecuted(action.name()))
        self.tracker.update_with_events(events, DOMAIN)
        return [e.text for e in events if isinstance(e, BotUttered)]

    async def say(self, text: str, intent: str = "assessment_answer") -> list:
        """One turn, with the predictions the rules in data/rules/assessment.yml make."""
        parse = {"text": text, "intent": {"name": intent, "confidence": 0.9}, "entities": []}
        self.tracker.update(UserUttered(text, parse["intent"], parse_data=parse), DOMAIN)
        self.tracker.update_with_events(
            await ActionExtractSlots(self.endpoint).run(
                CollectingOutputChannel(), self.nlg, self.tracker, DOMAIN
            ),
            DOMAIN,
        )
        shown = []
        if intent == "start_assessment":
            shown += await self._run(RemoteAction("action_start_assessment", self.endpoint))
        try:
            shown += await self._run(FormAction("assessment_form", self.endpoint))
        except ActionExecutionRejection:
            # Rasa lets the other rules answer; the safety layer pauses the form.
            self.tracker.update(ActionExecutionRejected("assessment_form"))
            self.tracker.update(ActionExecuted("action_crisis_response"))
            self.tracker.update(ActiveLoop(None))
            shown.append("[rejected]")
        if (
            self.tracker.active_loop_name is None
            and self.tracker.latest_action_name == "assessment_form"
        ):
            shown += await self._run(RemoteAction("action_assessment_result", self.endpoint))
        self.tracker.update(ActionExecuted("action_listen"))
        return shown


@pytest.fixture
def rasa_chat() -> RasaConversation:
    return RasaConversation()


async def test_phq9_through_rasa_with_a_crisis_pause_and_item9(rasa_chat):
    phq9 = TEXT.instruments["phq9"]
    shown = await rasa_chat.say("/start_assessment", intent="start_assessment")
    assert TEXT.disclaimer in shown[0] and shown[-1] == TEXT.messages["choose"]
    assert "question 1 of 9" in (await rasa_chat.say("Depression (PHQ-9)"))[-1]
    assert "question 2 of 9" in (await rasa_chat.say("Several days"))[-1]
    shown = await rasa_chat.say("hmm", intent="nlu_fallback")
    assert len(shown) == 2 and "question 2 of 9" in shown[-1]
    assert "question 3 of 9" in (await rasa_chat.say("most days"))[-1]

    assert await rasa_chat.say("I want to end my life", intent="crisis") == ["[rejected]"]
    # "continue where we left off": a rule re-runs the form, which asks the same question
    shown = await rasa_chat.say("no, continue", intent="affirm")
    assert len(shown) == 1 and "question 3 of 9" in shown[0] and phq9.items[2] in shown[0]

    for number in range(3, 9):
        await rasa_chat.say("Not at all")
    shown = await rasa_chat.say("Several days")
    assert load_profile().crisis.lifeline in "\n".join(shown)
    assert "4 out of 27" in "\n".join(shown) and "minimal" not in "\n".join(shown)
    [record] = rasa_chat.tracker.get_slot("assessment_results")
    assert record["item_scores"] == [1, 2, 0, 0, 0, 0, 0, 0, 1] and record["item9_positive"] is True
    assert rasa_chat.tracker.active_loop_name is None
    assert rasa_chat.tracker.get_slot("crisis_flag") is True  # the staff console shows it first


async def test_stop_through_rasa(rasa_chat):
    await rasa_chat.say("/start_assessment", intent="start_assessment")
    await rasa_chat.say("anxiety")
    await rasa_chat.say("Several days")
    assert await rasa_chat.say("stop", intent="cancel") == [TEXT.messages["stopped"]]
    assert rasa_chat.tracker.active_loop_name is None
    assert rasa_chat.tracker.get_slot("assessment_results") is None
    assert rasa_chat.tracker.get_slot("assessment_answers") is None
