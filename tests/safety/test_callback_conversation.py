"""A callback request through Rasa's own form loop and slot extraction, with the
project's actions run in-process: a crisis in the middle pauses it, "continue" resumes
it at the question that was open, and the request reaches the appointments API."""

from in_process_actions import InProcessActionServer
from rasa.core.actions.action import ActionExecutionRejection, ActionExtractSlots, RemoteAction
from rasa.core.actions.forms import FormAction
from rasa.core.channels import CollectingOutputChannel
from rasa.core.nlg import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    ActionExecutionRejected,
    BotUttered,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker
from safety_fixtures import ROOT

from actions.session import clinic_fact_slots

DOMAIN = Domain.load(str(ROOT / "domain.yml"))
FORM = "callback_form"


class Conversation:
    """Runs the actions the rules in data/rules/safety.yml predict for each intent."""

    def __init__(self) -> None:
        self.endpoint = InProcessActionServer()
        self.nlg = TemplatedNaturalLanguageGenerator(DOMAIN.responses)
        self.tracker = DialogueStateTracker.from_events(
            "conv-callback-1", [ActionExecuted("action_listen")], slots=DOMAIN.slots
        )
        self.tracker.update_with_events(
            [SlotSet(e["name"], e["value"]) for e in clinic_fact_slots()], DOMAIN
        )

    async def _run(self, action) -> list:
        events = await action.run(CollectingOutputChannel(), self.nlg, self.tracker, DOMAIN)
        self.tracker.update(ActionExecuted(action.name()))
        self.tracker.update_with_events(events, DOMAIN)
        return [e.text for e in events if isinstance(e, BotUttered)]

    def remote(self, name):
        return RemoteAction(name, self.endpoint)

    async def say(self, text: str, intent: str) -> list:
        parse = {"text": text, "intent": {"name": intent, "confidence": 1.0}, "entities": []}
        self.tracker.update(UserUttered(text, parse["intent"], parse_data=parse), DOMAIN)
        self.tracker.update_with_events(
            await ActionExtractSlots(self.endpoint).run(
                CollectingOutputChannel(), self.nlg, self.tracker, DOMAIN
            ),
            DOMAIN,
        )
        shown = []
        if intent == "request_callback":
            shown += await self._run(self.remote("action_start_callback"))
        elif intent == "resume_form":
            shown += await self._run(self.remote("action_resume_form"))
        if self.tracker.active_loop_name == FORM:
            try:
                shown += await self._run(FormAction(FORM, self.endpoint))
            except ActionExecutionRejection:
                self.tracker.update(ActionExecutionRejected(FORM))
                assert intent == "crisis", "only the crisis is expected to interrupt here"
                shown += await self._run(self.remote("action_crisis_response"))
            if self.tracker.active_loop_name is None and self.tracker.latest_action_name == FORM:
                shown += await self._run(self.remote("action_submit_callback"))
        self.tracker.update(ActionExecuted("action_listen"))
        return shown


async def test_callback_request_with_a_crisis_pause(appointments_api, profile):
    chat = Conversation()
    shown = await chat.say("can someone call me back", "request_callback")
    assert "What name should we ask for?" in shown[-1]
    assert "What phone number" in (await chat.say("Jordan Lee", "nlu_fallback"))[-1]

    shown = await chat.say("honestly I just want to die", "crisis")
    text = "\n".join(shown)
    assert "988" in text and "741741" in text and "911" in text
    assert "continue where we left off" in shown[-1]
    assert chat.tracker.active_loop_name is None
    assert chat.tracker.get_slot("crisis_flag") is True
    assert chat.tracker.get_slot("callback_phone") is None  # the crisis was not taken as a number

    shown = await chat.say("continue", "resume_form")
    assert shown[-1] == "What phone number should we call?"  # the question that was open
    shown = await chat.say("214 555 0134", "inform")
    assert shown[-1].startswith(f"May {profile.name} call you at +12145550134")
    shown = await chat.say("yes", "affirm")

    [request] = appointments_api.bodies
    assert request["body"]["kind"] == "callback"
    assert (request["body"]["full_name"], request["body"]["phone"]) == (
        "Jordan Lee",
        "+12145550134",
    )
    assert request["body"]["reference"] in shown[-1]
    assert chat.tracker.active_loop_name is None
