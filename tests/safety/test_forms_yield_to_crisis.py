"""Every form yields to a crisis message, and every form has the safety rules.

A form that took a crisis message as an answer would silently continue. So for each
form in domain.yml, Rasa's own FormAction (with the project's validation actions run
in-process by rasa_sdk) must reject the turn, which lets the safety rule for that
active loop answer; and data/rules/safety.yml must have that rule. A new form fails
here until it is wired into the safety layer.
"""

import pytest
import yaml
from in_process_actions import InProcessActionServer
from rasa.core.actions.action import ActionExecutionRejection, ActionExtractSlots
from rasa.core.actions.forms import FormAction
from rasa.core.channels import CollectingOutputChannel
from rasa.core.nlg import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from safety_fixtures import ROOT

from actions.session import clinic_fact_slots

DOMAIN = Domain.load(str(ROOT / "domain.yml"))
FORMS = sorted(DOMAIN.forms)
RULES = yaml.safe_load((ROOT / "data" / "rules" / "safety.yml").read_text())["rules"]
CRISIS_TEXTS = ["I want to kill myself", "Dallas, and I want to die", "yes", "Jordan Lee"]


async def form_waiting_for_an_answer(form: str, endpoint) -> DialogueStateTracker:
    tracker = DialogueStateTracker.from_events(
        "conv-form-crisis", [ActionExecuted("action_listen")], slots=DOMAIN.slots
    )
    tracker.update_with_events(
        [SlotSet(e["name"], e["value"]) for e in clinic_fact_slots()], DOMAIN
    )
    nlg = TemplatedNaturalLanguageGenerator(DOMAIN.responses)
    events = await FormAction(form, endpoint).run(CollectingOutputChannel(), nlg, tracker, DOMAIN)
    tracker.update(ActionExecuted(form))
    tracker.update_with_events(events, DOMAIN)
    tracker.update(ActionExecuted("action_listen"))
    assert tracker.active_loop_name == form and tracker.get_slot("requested_slot")
    return tracker


@pytest.mark.parametrize("text", CRISIS_TEXTS)
@pytest.mark.parametrize("form", FORMS)
async def test_a_crisis_message_is_never_taken_as_an_answer(form, text):
    # Whatever the words ("yes" or a name could answer the question), intent `crisis`
    # (forced by the NLU's lexicon check) must make the form reject the turn.
    endpoint = InProcessActionServer()
    tracker = await form_waiting_for_an_answer(form, endpoint)
    nlg = TemplatedNaturalLanguageGenerator(DOMAIN.responses)
    parse = {"text": text, "intent": {"name": "crisis", "confidence": 1.0}, "entities": []}
    tracker.update(UserUttered(text, parse["intent"], parse_data=parse), DOMAIN)
    extracted = await ActionExtractSlots(endpoint).run(
        CollectingOutputChannel(), nlg, tracker, DOMAIN
    )
    assert [
        e
        for e in extracted
        if isinstance(e, SlotSet) and e.key in DOMAIN.required_slots_for_form(form)
    ] == []
    tracker.update_with_events(extracted, DOMAIN)
    with pytest.raises(ActionExecutionRejection):
        await FormAction(form, endpoint).run(CollectingOutputChannel(), nlg, tracker, DOMAIN)


def rules_for(form):
    return [r for r in RULES if {"active_loop": form} in (r.get("condition") or [])]


def has_rule(form, intent, action, ends_loop):
    for rule in rules_for(form):
        steps = rule["steps"]
        if steps[:2] == [{"intent": intent}, {"action": action}]:
            return (steps[2:3] == [{"active_loop": None}]) == ends_loop
    return False


@pytest.mark.parametrize("form", FORMS)
def test_every_form_has_the_safety_rules(form):
    assert has_rule(form, "crisis", "action_crisis_response", ends_loop=True)
    assert has_rule(form, "human_handoff", "action_human_handoff", ends_loop=True)
    assert has_rule(form, "under_18", "action_minor_guidance", ends_loop=True)
    assert has_rule(form, "medical_advice", "action_medical_advice", ends_loop=False)


def test_crisis_outside_forms_has_a_rule_too():
    assert any(
        r.get("condition") == [{"active_loop": None}]
        and r["steps"]
        == [{"intent": "crisis"}, {"action": "action_crisis_response"}, {"active_loop": None}]
        for r in RULES
    )


@pytest.mark.parametrize("form", ["booking_form", "callback_form"])
async def test_forms_with_identifying_data_yield_to_a_visitor_under_18(form):
    # "I'm 16" must not be taken as a name or a phone number: the under-18 rule answers.
    endpoint = InProcessActionServer()
    tracker = await form_waiting_for_an_answer(form, endpoint)
    nlg = TemplatedNaturalLanguageGenerator(DOMAIN.responses)
    parse = {"text": "I'm 16", "intent": {"name": "under_18", "confidence": 0.9}, "entities": []}
    tracker.update(UserUttered("I'm 16", parse["intent"], parse_data=parse), DOMAIN)
    tracker.update_with_events(
        await ActionExtractSlots(endpoint).run(CollectingOutputChannel(), nlg, tracker, DOMAIN),
        DOMAIN,
    )
    with pytest.raises(ActionExecutionRejection):
        await FormAction(form, endpoint).run(CollectingOutputChannel(), nlg, tracker, DOMAIN)
