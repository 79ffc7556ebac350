"""A whole booking conversation through Rasa's own FormAction and response rendering, with
the project's actions run in-process by rasa_sdk's executor (no trained model: each step
plays the action the rules in data/rules/booking.yml choose)."""

from typing import List, Optional, Sequence

from action_trackers import PROJECT_DIR
from in_process_actions import InProcessActionServer
from rasa.core.actions.action import (
    ActionExecutionRejection,
    ActionExtractSlots,
    action_for_name_or_text,
)
from rasa.core.channels import CollectingOutputChannel
from rasa.core.nlg import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    ActionExecutionRejected,
    BotUttered,
    Event,
    LoopInterrupted,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker

from actions.session import clinic_fact_slots
from clinic.profile import load_profile

DOMAIN = Domain.load(str(PROJECT_DIR / "domain.yml"))
FORM = "booking_form"


class Conversation:
    def __init__(self, sender_id: str = "conv-booking") -> None:
        self.endpoint = InProcessActionServer()
        self.nlg = TemplatedNaturalLanguageGenerator(DOMAIN.responses)
        self.tracker = DialogueStateTracker.from_events(
            sender_id, [ActionExecuted("action_listen")], slots=DOMAIN.slots
        )
        self.tracker.update_with_events(
            [SlotSet(e["name"], e["value"]) for e in clinic_fact_slots()], DOMAIN
        )

    async def run(self, name: str, policy_events: Sequence[Event] = ()) -> List[BotUttered]:
        """Run an action as Rasa's processor does; returns what the bot said."""
        action = action_for_name_or_text(name, DOMAIN, self.endpoint)
        temporary = self.tracker.copy()
        temporary.update_with_events(list(policy_events), DOMAIN)
        events = await action.run(CollectingOutputChannel(), self.nlg, temporary, DOMAIN)
        self.tracker.update_with_events(list(policy_events), DOMAIN)
        self.tracker.update(ActionExecuted(name))
        self.tracker.update_with_events(events, DOMAIN)
        return [e for e in events if isinstance(e, BotUttered)]

    async def user(
        self, text: str, intent: str = "inform", choice: Optional[str] = None
    ) -> Optional[List[BotUttered]]:
        """The visitor's message, then the form; None when the form rejects the turn."""
        entities = [{"entity": "booking_choice", "value": choice}] if choice else []
        parse = {"text": text, "intent": {"name": intent, "confidence": 0.9}, "entities": entities}
        self.tracker.update(UserUttered(text, parse["intent"], entities, parse_data=parse), DOMAIN)
        extracted = await ActionExtractSlots(self.endpoint).run(
            CollectingOutputChannel(), self.nlg, self.tracker, DOMAIN
        )
        self.tracker.update_with_events(extracted, DOMAIN)
        try:
            said = await self.run(FORM)
        except ActionExecutionRejection:
            self.tracker.update(ActionExecutionRejected(FORM))
            return None
        self.listen()
        return said

    def listen(self) -> None:
        self.tracker.update(ActionExecuted("action_listen"))


def text_of(said: List[BotUttered]) -> str:
    return "\n".join(m.text or "" for m in said)


def buttons_of(said: List[BotUttered]) -> List[str]:
    return [b["title"] for m in said for b in (m.data.get("buttons") or [])]


async def start(conversation: Conversation) -> List[BotUttered]:
    conversation.tracker.update(
        UserUttered(
            "I'd like to book a consultation", {"name": "request_appointment", "confidence": 1.0}
        ),
        DOMAIN,
    )
    said = await conversation.run("action_booking_start")
    said += await conversation.run(FORM)
    conversation.listen()
    return said


async def test_a_whole_request_with_an_interruption_a_miss_and_a_change(appointments):
    profile = load_profile()
    talk = Conversation()
    said = await start(talk)
    assert profile.privacy_url in text_of(said)
    assert said[-1].text == "What's your full name?"
    assert talk.tracker.active_loop_name == FORM

    said = await talk.user("Xochitl Nguyen", intent="faq")  # a name the classifier got wrong
    assert "phone number" in text_of(said)

    said = await talk.user("555-0100")
    assert "too short" in said[0].text and "phone number" in said[-1].text

    said = await talk.user("214 555 0100")
    assert "optional" in text_of(said) and buttons_of(said) == ["Skip"]

    said = await talk.user('/inform{"booking_choice": "skip"}', choice="skip")
    assert "Which location" in text_of(said) and buttons_of(said) == profile.booking_locations

    # "are you a bot?": the form steps aside, the rule answers, then the same question.
    assert await talk.user("are you a bot?", intent="bot_challenge") is None
    said = await talk.run("utter_bot_challenge")
    said += await talk.run(FORM, policy_events=[LoopInterrupted(True)])
    talk.listen()
    assert "automated assistant" in said[0].text and "Which location" in said[-1].text

    said = await talk.user("the dallas one")
    assert "When would suit you" in text_of(said)
    said = await talk.user("Tuesday after 3")
    assert "new patient" in text_of(said)
    said = await talk.user('/inform{"booking_choice": "new"}', choice="new")
    assert "reason for your visit" in text_of(said) and buttons_of(said) == [
        *profile.visit_reasons,
        "Skip",
    ]

    assert await talk.user("I want to talk to a person", intent="human_handoff") is None
    talk.listen()
    said = await talk.user("anxiety")
    assert (
        "cover the consultation" in text_of(said) and buttons_of(said) == profile.coverage_options
    )
    said = await talk.user('/inform{"booking_choice": "Insurance"}', choice="Insurance")
    assert "Which insurance company" in text_of(said)
    said = await talk.user("Aetna", intent="faq")
    assert "member ID" in text_of(said)
    said = await talk.user("skip")
    assert "contact you" in text_of(said)
    said = await talk.user("/affirm", intent="affirm")
    summary = text_of(said)
    for expected in (
        "Xochitl Nguyen",
        "(214) 555-0100",
        "Email: not given",
        "Location: Dallas",
        "Tuesday after 3 (Tuesday, after 15:00)",
        "New patient",
        "Anxiety",
        "Aetna, member ID not given",
    ):
        assert expected in summary, expected
    assert buttons_of(said) == ["Send request", "Change something", "Cancel"]

    said = await talk.user("actually Frisco", intent="faq")
    assert "Location: Frisco" in text_of(said) and "Here's your request" in text_of(said)

    said = await talk.user("/affirm", intent="affirm")
    assert talk.tracker.active_loop_name is None and talk.tracker.get_slot("requested_slot") is None
    said = await talk.run("action_submit_booking")
    [request] = appointments.requests
    body = request["body"]
    assert (body["full_name"], body["phone"], body["email"], body["location"]) == (
        "Xochitl Nguyen",
        "+12145550100",
        None,
        "Frisco",
    )
    assert (body["coverage_type"], body["insurance_carrier"], body["insurance_member_id"]) == (
        "insurance",
        "Aetna",
        None,
    )
    assert body["reference"] in said[0].text and "booked" not in said[0].text.lower()
    assert (
        talk.tracker.get_slot("full_name") is None
        and talk.tracker.get_slot("booking_reference") == body["reference"]
    )


async def test_cancel_at_any_step_sends_nothing(appointments):
    talk = Conversation()
    await start(talk)
    await talk.user("Jane Doe")
    assert await talk.user("stop", intent="cancel") is None
    said = await talk.run("action_cancel_booking")
    assert "Nothing was sent" in said[0].text
    assert talk.tracker.active_loop_name is None
    assert appointments.requests == []


async def test_leaving_in_the_middle_stops_the_request_and_keeps_nothing(appointments):
    """A goodbye or "delete what I gave you" at any question is never taken as the answer
    (not even as a name): the request stops, its answers are forgotten, nothing is sent."""
    for text, intent in [
        ("ok bye then", "goodbye"),
        ("please erase what i typed", "delete_my_data"),
    ]:
        talk = Conversation()
        await start(talk)
        assert await talk.user(text, intent=intent) is None  # at "What's your full name?"
        assert talk.tracker.get_slot("full_name") is None
        talk = Conversation()
        await start(talk)
        await talk.user("Jane Doe")
        assert await talk.user(text, intent=intent) is None  # at the phone question
        said = await talk.run("action_cancel_booking")
        # the goodbye or the deletion question follows (data/rules/booking.yml): no
        # "anything else?" in between
        assert text_of(said) == "OK, I've stopped the request. Nothing was sent."
        assert talk.tracker.active_loop_name is None
        assert talk.tracker.get_slot("full_name") is None
    assert appointments.requests == []


async def test_an_answer_that_ends_with_goodbye_is_still_the_answer(appointments):
    talk = Conversation()
    await start(talk)
    await talk.user("Jane Doe")
    said = await talk.user("214 555 0100 thanks, bye", intent="goodbye")
    assert said is not None and talk.tracker.get_slot("phone") == "+12145550100"
    assert talk.tracker.active_loop_name == FORM


async def test_an_faq_interruption_keeps_the_answers_so_far(appointments):
    talk = Conversation()
    await start(talk)
    await talk.user("Jane Doe")
    assert (
        await talk.user("How long do the benefits of ketamine therapy last?", intent="faq") is None
    )
    talk.tracker.update(ActionExecuted("utter_faq"))
    said = await talk.run(FORM, policy_events=[LoopInterrupted(True)])
    assert "phone number" in said[-1].text
    assert talk.tracker.get_slot("full_name") == "Jane Doe"
    assert talk.tracker.get_slot("repeated_validation_failures") in (0, None)
