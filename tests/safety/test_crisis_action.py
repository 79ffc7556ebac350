"""action_crisis_response: what the visitor sees, the crisis flag, and pausing a form."""

import re

import pytest
import yaml
from rasa_sdk.executor import CollectingDispatcher
from safety_fixtures import ROOT, all_text, make_tracker, shown

from actions.safety import ActionCrisisResponse, ActionResumeForm
from clinic.safety_lexicon import PARSE_KEY


async def run_crisis(domain, text, **tracker_args):
    tracker = make_tracker(text, "crisis", **tracker_args)
    dispatcher = CollectingDispatcher()
    events = await ActionCrisisResponse().run(dispatcher, tracker, domain)
    return shown(dispatcher, domain, tracker), events


def slot_events(events):
    return {e["name"]: e["value"] for e in events if e["event"] == "slot"}


async def test_reply_gives_every_resource_and_no_question(domain, profile):
    messages, events = await run_crisis(domain, "I want to end it all")
    text = all_text(messages)
    for required in (
        "988",
        "988lifeline.org",
        "911",
        "emergency room",
        "741741",
        "not monitored",
        "not an emergency service",
        profile.phone,
        profile.hours,
        "continue later",
    ):
        assert required in text
    assert "?" not in text  # no booking (or any) question competes with the resources
    assert not any(m["buttons"] for m in messages)
    assert not re.search(r"committed suicide|commit suicide", text, re.I)
    assert slot_events(events) == {"crisis_flag": True}


async def test_reply_text_comes_from_the_clinic_profile(domain, tmp_path, monkeypatch):
    raw = yaml.safe_load((ROOT / "clinic.yml").read_text())
    raw["phone"], raw["hours"] = "(972) 555-0142", "Mon-Fri 8am-5pm"
    raw["crisis"]["text_line"] = "Crisis Text Line: text HOME to 741741 (reviewed wording v2)."
    edited = tmp_path / "clinic.yml"
    edited.write_text(yaml.safe_dump(raw))
    monkeypatch.setenv("CLINIC_PROFILE", str(edited))
    text = all_text((await run_crisis(domain, "kms"))[0])
    assert "(972) 555-0142" in text and "Mon-Fri 8am-5pm" in text and "reviewed wording v2" in text


async def test_crisis_inside_a_form_pauses_it_and_offers_to_resume(domain):
    messages, events = await run_crisis(
        domain,
        "i want to die",
        active_loop="booking_form",
        slots={"requested_slot": "phone", "full_name": "Ana"},
    )
    assert {"event": "active_loop", "name": None} in [
        {"event": e["event"], "name": e.get("name")} for e in events if e["event"] == "active_loop"
    ]
    assert slot_events(events) == {
        "crisis_flag": True,
        "requested_slot": None,
        "paused_form": "booking_form",
    }
    offer = messages[-1]
    assert [b["payload"] for b in offer["buttons"]] == ["/resume_form", "/deny"]
    # The resources come first, and the offer is not a booking question.
    assert "988" in all_text(messages[:-1])
    assert "?" not in offer["text"] and not re.search(
        r"appointment|book|request", offer["text"], re.I
    )


async def test_no_resume_offer_when_no_form_was_running(domain):
    messages, events = await run_crisis(domain, "i want to die")
    assert [e.get("name") for e in events if e["event"] == "active_loop"] == [
        None
    ]  # as the rules expect
    assert "paused_form" not in slot_events(events)
    assert all("/resume_form" not in str(m["buttons"]) for m in messages)


async def test_someone_else_at_risk_gets_resources_framed_for_helping_them(domain, profile):
    messages, _ = await run_crisis(
        domain,
        "my brother wants to kill himself",
        parse_extra={PARSE_KEY: {"about_other": True, "spanish": False, "source": "lexicon"}},
    )
    text = all_text(messages)
    assert messages[0]["text"] == profile.crisis.acknowledge_other
    assert profile.crisis.helping_other in text
    assert profile.crisis.acknowledge not in text
    assert "988" in text and "911" in text and "741741" in text


async def test_framing_is_worked_out_from_the_text_when_the_parse_has_no_signal(domain, profile):
    # e.g. a tracker parsed without the NLU component: the action asks the lexicon itself.
    messages, _ = await run_crisis(domain, "My daughter told me she wants to die")
    assert messages[0]["text"] == profile.crisis.acknowledge_other
    messages, _ = await run_crisis(domain, "")  # a "/crisis" payload has no text
    assert messages[0]["text"] == profile.crisis.acknowledge


async def test_spanish_crisis_adds_the_spanish_lifeline_line(domain, profile):
    messages, _ = await run_crisis(
        domain,
        "quiero morir",
        parse_extra={PARSE_KEY: {"about_other": False, "spanish": True, "source": "lexicon"}},
    )
    assert profile.crisis.spanish in all_text(messages)
    english, _ = await run_crisis(domain, "I want to die")
    assert profile.crisis.spanish not in all_text(english)


async def test_a_minor_in_crisis_is_pointed_to_a_trusted_adult_and_the_form_is_dropped(
    domain, profile
):
    messages, events = await run_crisis(
        domain,
        "I'm 15 and I want to kill myself",
        active_loop="booking_form",
        slots={"requested_slot": "phone", "full_name": "Sam"},
    )
    assert profile.crisis.minor in all_text(messages)
    slots = slot_events(events)
    assert slots["is_minor"] is True and slots["full_name"] is None
    assert "paused_form" not in slots
    assert all("/resume_form" not in str(m["buttons"]) for m in messages)


async def test_resume_reactivates_the_paused_form(domain):
    tracker = make_tracker("continue", "resume_form", slots={"paused_form": "booking_form"})
    dispatcher = CollectingDispatcher()
    events = await ActionResumeForm().run(dispatcher, tracker, domain)
    assert {"event": "active_loop", "name": "booking_form"} in [
        {"event": e["event"], "name": e.get("name")} for e in events
    ]
    assert slot_events(events) == {"paused_form": None}
    assert dispatcher.messages[0]["response"] == "utter_resume_form"


async def test_resume_with_nothing_paused_says_so(domain):
    tracker = make_tracker("continue", "resume_form")
    dispatcher = CollectingDispatcher()
    events = await ActionResumeForm().run(dispatcher, tracker, domain)
    assert not [e for e in events if e["event"] == "active_loop"]
    assert "nothing to continue" in all_text(shown(dispatcher, domain, tracker))


@pytest.mark.parametrize("form", ["booking_form", "assessment_form", "callback_form"])
async def test_every_form_can_be_paused_and_resumed(domain, form):
    assert form in domain["forms"]
    _, events = await run_crisis(domain, "i want to die", active_loop=form)
    assert slot_events(events)["paused_form"] == form
