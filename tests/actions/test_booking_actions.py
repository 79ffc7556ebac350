"""The booking actions: privacy notice, questions with the profile's buttons, the summary,
sending the request (delivered or queued, never twice) and cancelling."""

import json
import re

import pytest
from action_trackers import DOMAIN, make_tracker, rendered, slot_events, texts
from rasa_sdk.executor import CollectingDispatcher

from actions.booking import (
    FORM_SLOTS,
    UNASKED_SLOTS,
    ActionAskBookingConfirm,
    ActionAskCoverageType,
    ActionAskEmail,
    ActionAskLocation,
    ActionAskVisitReason,
    ActionBookingStart,
    ActionCancelBooking,
    ActionSubmitBooking,
)
from actions.booking_fields import SKIPPED
from clinic.action_outbox import default_outbox
from clinic.profile import load_profile

REFERENCE = re.compile(r"NTX-[0-9A-HJKMNP-TV-Z]{5}")
COMPLETE = {
    "full_name": "Xochitl Nguyen",
    "phone": "+12145550100",
    "email": SKIPPED,
    "location": "Frisco",
    "preferred_time": "Tuesday after 3",
    "preferred_time_normalized": "Tuesday, after 15:00",
    "patient_status": "returning",
    "visit_reason": "Anxiety",
    "coverage_type": "insurance",
    "insurance_carrier": "Aetna",
    "insurance_member_id": "W123456789",
    "contact_consent": True,
    "booking_confirm": True,
    "booking_instance": "instance-1",
}


async def run(action, tracker):
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, tracker, DOMAIN)
    return events, dispatcher


def test_form_slots_match_the_domain():
    assert DOMAIN["forms"]["booking_form"]["required_slots"] == FORM_SLOTS


def test_every_booking_question_has_a_question():
    asks = set(DOMAIN["responses"]) | set(DOMAIN["actions"])
    for slot in set(FORM_SLOTS) - UNASKED_SLOTS:  # those are taken when stated, never asked
        assert f"utter_ask_{slot}" in asks or f"action_ask_{slot}" in asks, slot


def test_booking_texts_say_request_never_booked():
    for name, variations in DOMAIN["responses"].items():
        if "booking" in name or name.startswith("utter_ask_"):
            for variation in variations:
                assert not re.search(
                    r"\bbooked\b|appointment is confirmed", variation["text"], re.I
                ), name


async def test_start_shows_privacy_notice_and_opens_a_fresh_request():
    tracker = make_tracker(
        {"full_name": "Old Name", "booking_instance": "old"},
        text="/request_appointment",
        intent="request_appointment",
    )
    events, dispatcher = await run(ActionBookingStart(), tracker)
    notice = texts(dispatcher, tracker)
    assert load_profile().privacy_url in notice and "cancel" in notice
    slots = slot_events(events)
    assert slots["full_name"] is None
    assert slots["booking_instance"] not in (None, "old")


async def test_location_buttons_come_from_the_profile():
    tracker = make_tracker(requested_slot="location")
    _, dispatcher = await run(ActionAskLocation(), tracker)
    [shown] = rendered(dispatcher, tracker)
    assert [b["title"] for b in shown["buttons"]] == load_profile().booking_locations
    assert json.loads(shown["buttons"][0]["payload"][len("/inform") :]) == {
        "booking_choice": load_profile().booking_locations[0]
    }


async def test_reason_and_coverage_buttons_come_from_the_profile():
    profile = load_profile()
    tracker = make_tracker()
    _, dispatcher = await run(ActionAskVisitReason(), tracker)
    assert [b["title"] for b in rendered(dispatcher, tracker)[0]["buttons"]] == [
        *profile.visit_reasons,
        "Skip",
    ]
    _, dispatcher = await run(ActionAskCoverageType(), tracker)
    assert [
        b["title"] for b in rendered(dispatcher, tracker)[0]["buttons"]
    ] == profile.coverage_options


async def test_email_question_says_whether_it_is_optional():
    with_phone = make_tracker({"phone": "+12145550100"})
    _, dispatcher = await run(ActionAskEmail(), with_phone)
    [shown] = rendered(dispatcher, with_phone)
    assert "optional" in shown["text"] and shown["buttons"][0]["title"] == "Skip"
    without_phone = make_tracker({"phone": SKIPPED})
    _, dispatcher = await run(ActionAskEmail(), without_phone)
    [shown] = rendered(dispatcher, without_phone)
    assert "We need it" in shown["text"] and shown["buttons"] == []


async def test_summary_lists_every_field():
    tracker = make_tracker({**COMPLETE, "booking_confirm": None}, requested_slot="booking_confirm")
    _, dispatcher = await run(ActionAskBookingConfirm(), tracker)
    [shown] = rendered(dispatcher, tracker)
    for expected in (
        "Xochitl Nguyen",
        "(214) 555-0100",
        "Email: not given",
        "Frisco",
        "Tuesday after 3 (Tuesday, after 15:00)",
        "Returning patient",
        "Anxiety",
        "Insurance: Aetna, member ID W123456789",
        "OK to contact you about this request: yes",
    ):
        assert expected in shown["text"], expected
    assert [b["title"] for b in shown["buttons"]] == ["Send request", "Change something", "Cancel"]


async def test_submit_delivers_with_token_and_idempotency_key(appointments):
    tracker = make_tracker(COMPLETE, text="/affirm", intent="affirm", sender_id="conv-42")
    events, dispatcher = await run(ActionSubmitBooking(), tracker)

    [request] = appointments.requests
    body = request["body"]
    assert request["headers"]["Authorization"] == f"Bearer {appointments.token}"
    assert request["headers"]["Idempotency-Key"].startswith("booking-")
    assert REFERENCE.fullmatch(body["reference"])
    assert body == {
        "kind": "booking",
        "reference": body["reference"],
        "conversation_id": "conv-42",
        "full_name": "Xochitl Nguyen",
        "phone": "+12145550100",
        "email": None,
        "location": "Frisco",
        "preferred_time_text": "Tuesday after 3",
        "preferred_time_normalized": "Tuesday, after 15:00",
        "patient_status": "returning",
        "visit_reason": "Anxiety",
        "coverage_type": "insurance",
        "insurance_carrier": "Aetna",
        "insurance_member_id": "W123456789",
        "contact_consent": True,
        "notes": None,
        "assessment": None,
        "provider": None,
        "patient_name": None,
        "relationship": None,
        "language": "en",  # no language known: English (issue 19)
    }
    said = texts(dispatcher, tracker)
    assert (
        body["reference"] in said
        and "sent" in said
        and load_profile().follow_up.split(".")[0] in said
    )
    assert "booked" not in said.lower()
    slots = slot_events(events)
    assert slots["booking_reference"] == body["reference"]
    assert all(slots[name] is None for name in FORM_SLOTS)


async def test_self_pay_request_carries_no_insurance_details(appointments):
    tracker = make_tracker({**COMPLETE, "coverage_type": "self_pay"}, intent="affirm")
    await run(ActionSubmitBooking(), tracker)
    body = appointments.requests[0]["body"]
    assert (
        body["coverage_type"] == "self_pay"
        and body["insurance_carrier"] is None
        and body["insurance_member_id"] is None
    )


async def test_shared_assessment_is_attached_only_with_consent(appointments):
    result = {"instrument": "PHQ-9", "score": 12}
    tracker = make_tracker(
        {**COMPLETE, "share_assessment": True, "assessment_results": [result]}, intent="affirm"
    )
    await run(ActionSubmitBooking(), tracker)
    assert appointments.requests[0]["body"]["assessment"] == {
        "shared_with_consent": True,
        "results": [result],
    }


async def test_app_down_request_is_queued_and_the_visitor_told_honestly():
    tracker = make_tracker(COMPLETE, intent="affirm")
    _, dispatcher = await run(ActionSubmitBooking(), tracker)
    said = texts(dispatcher, tracker)
    [row] = default_outbox().all_rows()
    assert row.status == "pending" and row.reference in said
    assert "delivered automatically" in said and "don't need to send it again" in said


async def test_confirming_twice_sends_one_request(appointments):
    tracker = make_tracker(COMPLETE, intent="affirm")
    await run(ActionSubmitBooking(), tracker)
    again = make_tracker(COMPLETE, intent="affirm")
    _, dispatcher = await run(ActionSubmitBooking(), again)
    assert len(default_outbox().all_rows()) == 1
    assert len(appointments.stored) == 1 and len(appointments.requests) == 1
    assert appointments.requests[0]["body"]["reference"] in texts(dispatcher, again)


async def test_rejected_request_is_not_announced_as_sent(appointments):
    appointments.script.append((422, {"error": "must be a valid email address", "field": "email"}))
    tracker = make_tracker(COMPLETE, intent="affirm")
    events, dispatcher = await run(ActionSubmitBooking(), tracker)
    said = texts(dispatcher, tracker)
    assert "nothing was sent" in said and load_profile().phone in said
    assert events == []  # the details stay, nothing is lost from the conversation either


async def test_incomplete_request_is_never_sent(appointments):
    tracker = make_tracker({**COMPLETE, "contact_consent": None}, intent="affirm")
    _, dispatcher = await run(ActionSubmitBooking(), tracker)
    assert appointments.requests == [] and default_outbox().all_rows() == []
    assert "nothing was sent" in texts(dispatcher, tracker)


@pytest.mark.parametrize("requested", ["full_name", "preferred_time", "booking_confirm"])
async def test_cancel_leaves_the_form_and_sends_nothing(appointments, requested):
    tracker = make_tracker(COMPLETE, text="cancel", intent="cancel", requested_slot=requested)
    events, dispatcher = await run(ActionCancelBooking(), tracker)
    assert {"event": "active_loop", "name": None} in [
        {k: e.get(k) for k in ("event", "name")} for e in events if e["event"] == "active_loop"
    ]
    assert slot_events(events)["requested_slot"] is None
    assert all(slot_events(events)[name] is None for name in FORM_SLOTS)
    assert "Nothing was sent" in texts(dispatcher, tracker)
    assert appointments.requests == [] and default_outbox().all_rows() == []


async def test_a_visitor_under_18_gets_no_notice_and_no_request(appointments):
    tracker = make_tracker(
        {"is_minor": True}, text="/request_appointment", intent="request_appointment"
    )
    _, dispatcher = await run(ActionBookingStart(), tracker)
    assert dispatcher.messages == []
    events, dispatcher = await run(ActionSubmitBooking(), make_tracker({"is_minor": True}))
    assert "under 18" in texts(dispatcher, tracker)
    assert appointments.requests == [] and default_outbox().all_rows() == []
