"""validate_booking_form: answers, refusals with reasons, interruptions, misses, corrections."""

from typing import Any, Dict, Optional

from action_trackers import DOMAIN, button_choice, make_tracker, rendered, slot_events, texts
from rasa_sdk.executor import CollectingDispatcher

from actions.booking import ValidateBookingForm
from actions.booking_fields import SKIPPED
from clinic.profile import load_profile

FILLED = {
    "full_name": "Jane Doe",
    "phone": "+12145550100",
    "email": "jane@example.com",
    "location": "Dallas",
    "preferred_time": "weekday mornings",
    "preferred_time_normalized": "weekdays, mornings",
    "patient_status": "new",
    "visit_reason": "Anxiety",
    "coverage_type": "self_pay",
    "contact_consent": True,
}


async def validate(
    text: str,
    requested: str,
    slots: Optional[Dict[str, Any]] = None,
    intent: str = "inform",
    entities=(),
):
    tracker = make_tracker(
        slots, text=text, intent=intent, requested_slot=requested, entities=entities
    )
    dispatcher = CollectingDispatcher()
    events = await ValidateBookingForm().run(dispatcher, tracker, DOMAIN)
    return slot_events(events), dispatcher, tracker


def next_question(before: Dict[str, Any], slots: Dict[str, Any]) -> Optional[str]:
    """The slot Rasa asks next: the validation action's choice, else (when it leaves it to
    Rasa's FormAction) the first unfilled slot in the domain's order."""
    if "requested_slot" in slots:
        return slots["requested_slot"]
    now = {**before, **slots}
    return next(
        (s for s in DOMAIN["forms"]["booking_form"]["required_slots"] if now.get(s) is None), None
    )


def only_requested_slot(slots: Dict[str, Any]) -> bool:
    """Nothing but requested_slot was set: Rasa rejects the form and other rules answer."""
    return set(slots) <= {"requested_slot"}


async def test_a_valid_name_is_stored_and_the_phone_asked_next():
    slots, dispatcher, _ = await validate("my name is Xochitl Nguyen", "full_name")
    assert slots["full_name"] == "Xochitl Nguyen"
    assert slots["requested_slot"] == "phone"
    assert dispatcher.messages == []


async def test_a_name_classified_as_faq_is_still_the_answer():
    slots, _, _ = await validate("Xochitl Nguyen", "full_name", intent="faq")
    assert slots["full_name"] == "Xochitl Nguyen"


async def test_an_faq_question_is_not_taken_as_the_name():
    slots, dispatcher, _ = await validate(
        "How long do the benefits last?", "full_name", intent="faq"
    )
    assert only_requested_slot(slots) and dispatcher.messages == []


async def test_cancel_and_crisis_are_never_taken_as_answers():
    slots, _, _ = await validate("stop", "visit_reason", intent="cancel")
    assert only_requested_slot(slots)
    # The lexicon catches it even when the classifier says inform.
    slots, _, _ = await validate("honestly I want to kill myself", "visit_reason", intent="inform")
    assert only_requested_slot(slots)


async def test_free_text_questions_do_not_swallow_requests_but_take_misclassified_answers():
    slots, _, _ = await validate(
        "I want to talk to a person", "visit_reason", intent="human_handoff"
    )
    assert only_requested_slot(slots)
    slots, _, _ = await validate(
        "Aetna", "insurance_carrier", {"coverage_type": "insurance"}, intent="faq"
    )
    assert slots["insurance_carrier"] == "Aetna"
    slots, _, _ = await validate(
        "my medication stopped working", "visit_reason", intent="medical_advice"
    )
    assert slots["visit_reason"] == "my medication stopped working"
    slots, _, _ = await validate(
        "Can I take ketamine with my SSRIs?", "visit_reason", intent="medical_advice"
    )
    assert only_requested_slot(slots)


async def test_an_under_18_message_is_left_to_the_safety_rule():
    slots, _, _ = await validate("I'm 16", "full_name", intent="under_18")
    assert only_requested_slot(slots)


async def test_a_human_handoff_button_leaves_the_form_to_its_rule():
    slots, _, _ = await validate("/human_handoff", "phone", intent="human_handoff")
    assert only_requested_slot(slots)


async def test_invalid_phone_explained_then_skip_offered_after_two_misses():
    slots, dispatcher, tracker = await validate("555-0100", "phone", {"full_name": "Jane Doe"})
    assert slots["phone"] is None
    assert slots["repeated_validation_failures"] == 1
    assert "too short" in texts(dispatcher, tracker)
    assert "skip" not in texts(dispatcher, tracker).lower()

    slots, dispatcher, tracker = await validate(
        "12", "phone", {"full_name": "Jane Doe", "repeated_validation_failures": 1}
    )
    assert slots["repeated_validation_failures"] == 2
    shown = rendered(dispatcher, tracker)
    assert "too short" in shown[0]["text"]
    assert "skip it" in shown[1]["text"]
    assert shown[1]["buttons"] == [
        {"title": "Skip", "payload": '/inform{"booking_choice": "skip"}'}
    ]


async def test_required_field_offers_a_person_after_two_misses():
    slots, dispatcher, tracker = await validate(
        "Madonna", "full_name", {"repeated_validation_failures": 1}
    )
    assert slots["full_name"] is None and slots["repeated_validation_failures"] == 2
    shown = rendered(dispatcher, tracker)
    assert "first and last name" in shown[0]["text"]
    profile = load_profile()
    assert profile.phone in shown[1]["text"] and profile.name in shown[1]["text"]
    assert {"title": "Talk to a person", "payload": "/human_handoff"} in shown[1]["buttons"]


async def test_a_valid_answer_resets_the_miss_count():
    slots, _, _ = await validate(
        "214 555 0100", "phone", {"full_name": "Jane Doe", "repeated_validation_failures": 2}
    )
    assert slots["phone"] == "+12145550100"
    assert slots["repeated_validation_failures"] == 0


async def test_an_interruption_does_not_count_as_a_miss():
    slots, _, _ = await validate(
        "Where are your offices?", "location", {"repeated_validation_failures": 1}, intent="faq"
    )
    assert "repeated_validation_failures" not in slots


async def test_email_optional_with_phone_required_without():
    slots, _, _ = await validate(
        "skip", "email", {"phone": "+12145550100"}, entities=button_choice("skip")
    )
    assert slots["email"] == SKIPPED
    slots, dispatcher, tracker = await validate("skip", "email", {"phone": SKIPPED})
    assert slots["email"] is None
    assert "please type an email address" in texts(dispatcher, tracker)


async def test_email_normalised():
    slots, _, _ = await validate("Jane.Doe@Gmail.com", "email", {"phone": "+12145550100"})
    assert slots["email"] == "Jane.Doe@gmail.com"


async def test_location_button_and_free_text():
    slots, _, _ = await validate(
        '/inform{"booking_choice": "Frisco"}', "location", entities=button_choice("Frisco")
    )
    assert slots["location"] == "Frisco"
    slots, _, _ = await validate("the dallas one", "location", intent="faq")
    assert slots["location"] == "Dallas"


async def test_preferred_time_keeps_words_and_normalised_form():
    slots, _, _ = await validate("weekday mornings", "preferred_time")
    assert slots["preferred_time"] == "weekday mornings"
    assert slots["preferred_time_normalized"] == "weekdays, mornings"


async def test_past_or_unparseable_time_explained():
    slots, dispatcher, tracker = await validate("yesterday", "preferred_time")
    assert slots["preferred_time"] is None and "already passed" in texts(dispatcher, tracker)
    slots, dispatcher, tracker = await validate("purple elephants", "preferred_time")
    assert slots["preferred_time"] is None and "couldn't tell a day or time" in texts(
        dispatcher, tracker
    )


async def test_self_pay_skips_the_insurance_questions():
    before = {k: v for k, v in FILLED.items() if k not in ("coverage_type", "contact_consent")}
    slots, _, _ = await validate("I'll pay out of pocket", "coverage_type", before)
    assert slots["coverage_type"] == "self_pay"
    assert slots["requested_slot"] == "contact_consent"


async def test_insurance_asks_carrier_and_member_id():
    before = {k: v for k, v in FILLED.items() if k not in ("coverage_type", "contact_consent")}
    slots, _, _ = await validate(
        "Insurance", "coverage_type", before, entities=button_choice("Insurance")
    )
    assert slots["coverage_type"] == "insurance"
    assert next_question(before, slots) == "insurance_carrier"
    slots, _, _ = await validate(
        "Aetna", "insurance_carrier", {**before, "coverage_type": "insurance"}
    )
    assert slots["insurance_carrier"] == "Aetna"


async def test_unknown_carrier_means_coverage_not_sure():
    before = {**FILLED, "coverage_type": "insurance", "contact_consent": None}
    slots, dispatcher, tracker = await validate("I don't know", "insurance_carrier", before)
    assert slots["coverage_type"] == "not_sure" and slots["insurance_carrier"] is None
    assert slots["requested_slot"] == "contact_consent"
    assert '"not sure"' in texts(dispatcher, tracker)
    assert "repeated_validation_failures" not in slots


async def test_consent_required_to_continue():
    before = {**FILLED, "contact_consent": None}
    slots, dispatcher, tracker = await validate("/deny", "contact_consent", before, intent="deny")
    assert slots["contact_consent"] is None
    assert "only send the request if you agree" in texts(dispatcher, tracker)
    slots, _, _ = await validate("yes I agree", "contact_consent", before, intent="affirm")
    assert slots["contact_consent"] is True
    assert slots["requested_slot"] == "booking_confirm"


async def test_confirming_the_summary_completes_the_form():
    slots, _, _ = await validate("/affirm", "booking_confirm", FILLED, intent="affirm")
    assert slots["booking_confirm"] is True
    assert slots["requested_slot"] is None


async def test_change_phone_in_plain_words_at_the_summary():
    slots, _, _ = await validate("change my phone to 214 555 0199", "booking_confirm", FILLED)
    assert slots["phone"] == "+12145550199"
    assert slots["booking_confirm"] is None
    assert slots["requested_slot"] == "booking_confirm"  # the summary again, nothing else re-asked
    assert "repeated_validation_failures" not in slots


async def test_actually_frisco_changes_the_location_even_when_classified_as_faq():
    slots, _, _ = await validate("actually Frisco", "booking_confirm", FILLED, intent="faq")
    assert slots["location"] == "Frisco" and slots["requested_slot"] == "booking_confirm"


async def test_change_time_and_coverage_at_the_summary():
    slots, _, _ = await validate("change the time to Tuesday after 3", "booking_confirm", FILLED)
    assert slots["preferred_time"] == "Tuesday after 3"
    assert slots["preferred_time_normalized"] == "Tuesday, after 15:00"
    slots, _, _ = await validate("actually I have insurance", "booking_confirm", FILLED)
    assert slots["coverage_type"] == "insurance" and slots["booking_confirm"] is None
    assert next_question(FILLED, slots) == "insurance_carrier"


async def test_naming_a_field_without_a_value_asks_it_again():
    slots, _, _ = await validate("change my email", "booking_confirm", FILLED)
    assert slots["email"] is None and slots["booking_confirm"] is None
    assert slots["requested_slot"] == "email"


async def test_invalid_correction_explained_and_asked_again():
    slots, dispatcher, tracker = await validate("change my phone to 555", "booking_confirm", FILLED)
    assert slots["phone"] is None and slots["requested_slot"] == "phone"
    assert "too short" in texts(dispatcher, tracker)


async def test_no_at_the_summary_asks_what_to_change():
    slots, dispatcher, tracker = await validate("/deny", "booking_confirm", FILLED, intent="deny")
    assert slots["booking_confirm"] is None
    assert "What would you like to change?" in texts(dispatcher, tracker)


async def test_an_faq_at_the_summary_is_answered_not_taken_as_a_change():
    slots, _, _ = await validate(
        "Is ketamine therapy covered by insurance?", "booking_confirm", FILLED, intent="faq"
    )
    assert only_requested_slot(slots)


async def test_a_visitor_under_18_is_asked_nothing():
    slots, dispatcher, _ = await validate("", None, {"is_minor": True})
    assert slots == {"requested_slot": None}  # the form ends before its first question
    assert dispatcher.messages == []
