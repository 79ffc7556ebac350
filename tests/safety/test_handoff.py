"""Talk to a person: phone and hours at any time, and a stored callback request."""

import pytest
from rasa_sdk.executor import CollectingDispatcher
from safety_fixtures import all_text, make_tracker, shown

from actions.handoff import (
    ActionCancelCallback,
    ActionHumanHandoff,
    ActionStartCallback,
    ActionSubmitCallback,
    ValidateCallbackForm,
)
from clinic.action_outbox import default_outbox


def slot_events(events):
    return {e["name"]: e["value"] for e in events if e["event"] == "slot"}


def loop_events(events):
    return [e.get("name") for e in events if e["event"] == "active_loop"]


async def run(action, domain, tracker):
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, tracker, domain)
    return shown(dispatcher, domain, tracker), events


async def test_handoff_gives_phone_hours_and_a_callback_offer(domain, profile):
    messages, events = await run(
        ActionHumanHandoff(), domain, make_tracker("human please", "human_handoff")
    )
    text = all_text(messages)
    assert profile.phone in text and profile.hours in text and profile.name in text
    assert messages[0]["buttons"] == [
        {"title": "Request a call back", "payload": "/request_callback"}
    ]
    assert loop_events(events) == [None] and slot_events(events) == {}


async def test_handoff_inside_a_form_pauses_it_and_offers_to_resume(domain):
    tracker = make_tracker(
        "can I talk to someone",
        "human_handoff",
        active_loop="booking_form",
        slots={"requested_slot": "email"},
    )
    messages, events = await run(ActionHumanHandoff(), domain, tracker)
    assert loop_events(events) == [None]
    assert slot_events(events) == {"requested_slot": None, "paused_form": "booking_form"}
    payloads = [b["payload"] for b in messages[0]["buttons"]]
    assert payloads == ["/request_callback", "/resume_form"]


async def test_handoff_for_a_minor_offers_no_callback(domain, profile):
    messages, _ = await run(
        ActionHumanHandoff(),
        domain,
        make_tracker("person", "human_handoff", slots={"is_minor": True}),
    )
    assert "/request_callback" not in str(messages[0]["buttons"])
    assert "parent or guardian" in all_text(messages) and profile.phone in all_text(messages)


async def test_callback_starts_the_form_with_a_fresh_instance(domain):
    _, events = await run(
        ActionStartCallback(), domain, make_tracker("call me back", "request_callback")
    )
    assert loop_events(events) == ["callback_form"]
    first = slot_events(events)["callback_instance"]
    _, again = await run(
        ActionStartCallback(), domain, make_tracker("call me back", "request_callback")
    )
    assert slot_events(again)["callback_instance"] not in (None, first)


async def test_no_callback_form_for_a_minor(domain):
    messages, events = await run(
        ActionStartCallback(),
        domain,
        make_tracker("call me", "request_callback", slots={"is_minor": True}),
    )
    assert events == []
    assert "under 18" in all_text(messages)


async def validate(domain, slot, value):
    tracker = make_tracker(
        value,
        "inform",
        active_loop="callback_form",
        slots={"requested_slot": slot},
        events=[{"event": "slot", "name": slot, "value": value}],
    )
    dispatcher = CollectingDispatcher()
    events = await ValidateCallbackForm().run(dispatcher, tracker, domain)
    return slot_events(events).get(slot), shown(dispatcher, domain, tracker)


@pytest.mark.parametrize(
    "raw, stored",
    [
        ("  Jordan   Lee ", "Jordan Lee"),
        ("María José O'Neil-Pérez", "María José O'Neil-Pérez"),
        ("李雷", "李雷"),
    ],
)
async def test_callback_name_accepts_names(domain, raw, stored):
    value, messages = await validate(domain, "callback_name", raw)
    assert value == stored and messages == []


@pytest.mark.parametrize("raw", ["12345", "me@example.com", "?", "a" * 121])
async def test_callback_name_rejects_non_names_and_asks_again(domain, raw):
    value, messages = await validate(domain, "callback_name", raw)
    assert value is None
    assert "name" in all_text(messages)


@pytest.mark.parametrize(
    "raw, e164",
    [
        ("214 555 0134", "+12145550134"),
        ("(972) 555-0142", "+19725550142"),
        ("+1 469-555-0188", "+14695550188"),
    ],
)
async def test_callback_phone_is_stored_as_e164(domain, raw, e164):
    value, messages = await validate(domain, "callback_phone", raw)
    assert value == e164 and messages == []


@pytest.mark.parametrize("raw", ["555", "call me maybe", "123 456 7890"])
async def test_invalid_callback_phone_is_explained(domain, raw):
    value, messages = await validate(domain, "callback_phone", raw)
    assert value is None
    assert "number" in all_text(messages) and "for example 214 555 0100" in all_text(messages)


def filled(**extra):
    return {
        "callback_name": "Jordan Lee",
        "callback_phone": "+12145550134",
        "callback_consent": True,
        "callback_instance": "inst-1",
        **extra,
    }


async def test_callback_request_is_delivered_like_a_booking_request(domain, appointments_api):
    tracker = make_tracker("yes", "affirm", slots=filled())
    messages, events = await run(ActionSubmitCallback(), domain, tracker)
    [request] = appointments_api.bodies
    body = request["body"]
    assert body["kind"] == "callback" and body["conversation_id"] == "conv-safety-1"
    assert body["full_name"] == "Jordan Lee" and body["phone"] == "+12145550134"
    assert body["contact_consent"] is True
    assert all(body[k] is None for k in ("email", "location", "insurance_member_id", "assessment"))
    assert body["reference"] in all_text(messages) and "sent" in all_text(messages)
    assert slot_events(events)["callback_reference"] == body["reference"]
    assert slot_events(events)["callback_name"] is None  # nothing personal lingers in slots


async def test_callback_request_is_queued_when_the_app_is_down(domain, isolated_outbox):
    messages, _ = await run(
        ActionSubmitCallback(), domain, make_tracker("yes", "affirm", slots=filled())
    )
    [row] = default_outbox().all_rows()
    assert row.status == "pending" and row.kind == "callback"
    assert row.reference in all_text(messages) and "saved" in all_text(messages)
    # Confirming the same request again never queues a second one.
    await run(ActionSubmitCallback(), domain, make_tracker("yes", "affirm", slots=filled()))
    assert len(default_outbox().all_rows()) == 1


async def test_no_consent_sends_nothing(domain, isolated_outbox, profile):
    messages, _ = await run(
        ActionSubmitCallback(),
        domain,
        make_tracker("no", "deny", slots=filled(callback_consent=False)),
    )
    assert default_outbox().all_rows() == []
    assert "no callback request was sent" in all_text(messages) and profile.phone in all_text(
        messages
    )


async def test_a_minor_never_gets_a_request_stored(domain, isolated_outbox):
    await run(
        ActionSubmitCallback(), domain, make_tracker("yes", "affirm", slots=filled(is_minor=True))
    )
    assert default_outbox().all_rows() == []


async def test_cancel_stops_the_form_and_forgets_the_answers(domain):
    messages, events = await run(
        ActionCancelCallback(),
        domain,
        make_tracker("cancel", "cancel", active_loop="callback_form", slots=filled()),
    )
    assert loop_events(events) == [None]
    assert (
        slot_events(events)["callback_name"] is None
        and slot_events(events)["callback_phone"] is None
    )
    assert "Nothing was sent" in all_text(messages)
