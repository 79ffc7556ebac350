"""Facts stated without being asked (issue 16): kept from the message that starts the
request, taken from any answer, said back ("Got it: ..."), never asked again."""

from typing import Any, Dict, List, Optional

from action_trackers import DOMAIN, clinic_slot_values, slot_events, texts
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.booking import ActionBookingStart, ValidateBookingForm, booking_summary
from actions.booking_fields import completed_name, parse_provider
from clinic.profile import load_profile


def tracker_with(
    text: str,
    intent: str,
    entities: List[dict] = (),
    mapped: Optional[Dict[str, Any]] = None,
    slots: Optional[Dict[str, Any]] = None,
    requested: Optional[str] = None,
    active: bool = True,
) -> Tracker:
    """The tracker as Rasa sends it: the message, then the slots its entities filled
    through the domain's slot mappings (set after the message, as action_extract_slots does)."""
    latest = {"text": text, "intent": {"name": intent, "confidence": 0.9}, "entities": entities}
    events = [{"event": "user", "text": text, "parse_data": latest}]
    events += [{"event": "slot", "name": k, "value": v} for k, v in (mapped or {}).items()]
    return Tracker.from_dict(
        {
            "sender_id": "facts-1",
            "slots": {
                **clinic_slot_values(),
                "requested_slot": requested,
                **(slots or {}),
                **(mapped or {}),
            },
            "latest_message": latest,
            "events": events,
            "active_loop": {"name": "booking_form"} if active else {},
            "latest_action_name": "action_listen",
        }
    )


async def validate(tracker: Tracker):
    dispatcher = CollectingDispatcher()
    events = await ValidateBookingForm().run(dispatcher, tracker, DOMAIN)
    return slot_events(events), dispatcher


async def start_request(tracker: Tracker) -> Dict[str, Any]:
    """The slots the message that starts the request sets."""
    return slot_events(await ActionBookingStart().run(CollectingDispatcher(), tracker, DOMAIN))


def entity(name: str, value: str, start: int = 0) -> dict:
    return {"entity": name, "value": value, "start": start, "end": start + len(value)}


async def test_the_message_that_starts_the_request_keeps_its_facts_and_phone():
    text = "i'm jordan ellis, 469-555-0188, frisco, mornings. want a consult"
    mapped = {"full_name": "jordan ellis", "location": "Frisco", "preferred_time": "mornings"}
    tracker = tracker_with(text, "request_appointment", mapped=mapped, active=False)
    dispatcher = CollectingDispatcher()
    events = await ActionBookingStart().run(dispatcher, tracker, DOMAIN)
    kept = slot_events(events)
    assert kept["full_name"] == "jordan ellis" and kept["location"] == "Frisco"
    assert kept["phone"] == "+14695550188"
    assert kept["email"] is None and kept["patient_status"] is None  # the rest starts empty
    assert "can't see the appointment schedule" in texts(dispatcher, tracker)


async def test_facts_are_validated_said_back_and_only_the_missing_question_asked():
    # Rasa validates the slots filled before activation; requested_slot is still empty.
    slots = {
        "full_name": "jordan ellis",
        "location": "Frisco",
        "preferred_time": "tuesday mornings",
        "phone": "+14695550188",
    }
    tracker = tracker_with("...", "request_appointment", mapped=slots)
    validated, dispatcher = await validate(tracker)
    assert validated["full_name"] == "Jordan Ellis"  # capitalised as written on a form
    assert validated["requested_slot"] == "email"  # name, phone, office and time not asked
    assert (
        texts(dispatcher, tracker)
        == "Got it: Jordan Ellis, (469) 555-0188, Frisco, tuesday mornings."
    )


async def test_at_the_name_question_a_reply_with_the_phone_gives_both():
    tracker = tracker_with("kyle reed 469 555 0161", "inform", requested="full_name")
    validated, dispatcher = await validate(tracker)
    assert validated["full_name"] == "Kyle Reed"
    assert validated["phone"] == "+14695550161"
    assert validated["requested_slot"] == "email"
    assert "shouldn't contain numbers" not in texts(dispatcher, tracker)


# Every answer up to the coverage question.
ANSWERED_TO_COVERAGE = {
    "full_name": "Hugo Lam",
    "phone": "+12145550126",
    "email": "skipped",
    "location": "Allen",
    "preferred_time": "thursday morning",
    "patient_status": "returning",
    "visit_reason": "Anxiety",
}


async def test_naming_a_carrier_at_the_coverage_question_means_insurance_with_it():
    tracker = tracker_with(
        "i have aetna",
        "inform",
        entities=[entity("insurance_carrier", "Aetna", 7)],
        mapped={"insurance_carrier": "Aetna"},
        slots=ANSWERED_TO_COVERAGE,
        requested="coverage_type",
    )
    validated, _ = await validate(tracker)
    assert validated["coverage_type"] == "insurance"
    assert validated["insurance_carrier"] == "Aetna"
    assert validated["requested_slot"] == "insurance_member_id"  # the carrier is not asked


async def test_a_city_that_is_not_an_office_gets_the_offices_to_choose_from():
    tracker = tracker_with(
        "plano", "inform", slots={"full_name": "Lila Shah"}, requested="location"
    )
    validated, dispatcher = await validate(tracker)
    assert validated["location"] is None
    shown = texts(dispatcher, tracker)
    for office in load_profile().booking_locations:
        assert office in shown


async def test_booking_for_someone_else_keeps_patient_and_relationship():
    text = "my mom linda ortiz needs a consult, i'm her daughter maria ortiz"
    tracker = tracker_with(
        text,
        "request_appointment",
        # The lookup finds both relations; the patient's is the one named first.
        entities=[entity("relationship", "mother", 3), entity("relationship", "daughter", 47)],
        mapped={
            "patient_name": "linda ortiz",
            "full_name": "maria ortiz",
            "relationship": "daughter",
        },
    )
    validated, _ = await validate(tracker)
    assert validated["patient_name"] == "Linda Ortiz"
    assert validated["full_name"] == "Maria Ortiz"
    assert validated["relationship"] == "mother"
    assert validated["requested_slot"] == "phone"  # patient and relationship are never asked


def test_the_summary_shows_the_provider_and_the_patient():
    tracker = tracker_with(
        "",
        "inform",
        slots={
            "full_name": "Maria Ortiz",
            "patient_name": "Linda Ortiz",
            "relationship": "mother",
            "provider": "Brittany Huckaby",
            "location": "McKinney",
            "preferred_time": "mornings",
        },
    )
    summary = booking_summary(tracker)
    assert "- Your name: Maria Ortiz" in summary
    assert "- Appointment for: Linda Ortiz (your mother)" in summary
    assert "- Provider: Brittany Huckaby" in summary


def test_providers_are_named_by_name_or_role():
    providers = load_profile().providers
    assert parse_provider("brittany", providers).value == "Brittany Huckaby"
    assert parse_provider("the psychiatrist", providers).value == "Dr. Clayton L. Allison"
    assert parse_provider("dr. allison", providers).value == "Dr. Clayton L. Allison"
    assert not parse_provider("someone else", providers).ok


async def test_a_provider_named_at_the_summary_is_changed_in_plain_words():
    filled = {
        "full_name": "Jane Doe",
        "phone": "+12145550100",
        "email": "skipped",
        "location": "Dallas",
        "preferred_time": "mornings",
        "patient_status": "new",
        "visit_reason": "skipped",
        "coverage_type": "self_pay",
        "contact_consent": True,
    }
    tracker = tracker_with(
        "actually i'd prefer brittany", "deny", slots=filled, requested="booking_confirm"
    )
    validated, _ = await validate(tracker)
    assert validated["provider"] == "Brittany Huckaby"
    assert validated["booking_confirm"] is None  # the summary is shown again


def test_a_name_found_in_part_is_completed_from_the_next_or_previous_word():
    text = "hi my name is dana lee and id like to book, im amy chen"
    assert completed_name(text, 14, 18) == "dana lee"
    assert completed_name(text, 51, 55) == "amy chen"
    assert completed_name("im jordan, frisco", 3, 9) == "jordan"  # nothing to add


async def test_a_time_found_in_pieces_is_kept_whole():
    text = "allen office, monday or wednesday afternoons, depression"
    tracker = tracker_with(
        text,
        "inform",
        entities=[entity("time", "monday", 14), entity("time", "wednesday afternoons", 24)],
        mapped={"preferred_time": "wednesday afternoons"},
    )
    validated, _ = await validate(tracker)
    assert validated["preferred_time"] == "monday or wednesday afternoons"


async def test_a_time_the_model_did_not_tag_is_kept_from_the_first_message():
    text = "book me at allen, 469-555-0150, after 5pm any weekday"
    tracker = tracker_with(text, "request_appointment", mapped={"location": "Allen"}, active=False)
    assert (await start_request(tracker))["preferred_time"] == "after 5pm any weekday"


async def test_a_time_the_model_found_in_part_is_kept_whole():
    text = "wanting to schedule at frisco, evenings after work, 972-555-0114"
    start = text.index("evenings")
    tracker = tracker_with(
        text,
        "request_appointment",
        entities=[entity("time", "evenings after", start)],
        mapped={"preferred_time": "evenings after", "location": "Frisco"},
    )
    validated, _ = await validate(tracker)
    assert validated["preferred_time"] == "evenings after work"


async def test_an_answer_with_a_time_in_passing_gives_the_time_too():
    tracker = tracker_with(
        "marta diaz, best after 6pm", "inform", slots={"location": "Dallas"}, requested="full_name"
    )
    validated, dispatcher = await validate(tracker)
    assert validated["preferred_time"] == "after 6pm"
    assert "after 6pm" in texts(dispatcher, tracker)  # said back: "Got it: ..."


async def test_a_patient_status_in_passing_is_kept_from_the_first_message():
    text = "hi, this is a former patient of dr allison, need a dallas appt"
    tracker = tracker_with(text, "request_appointment", mapped={"location": "Dallas"}, active=False)
    assert (await start_request(tracker))["patient_status"] == "returning"


async def test_a_status_in_passing_needs_the_word_patient_or_a_first_visit():
    for text, status in [
        ("new to the area, can i get a consult in frisco", None),
        ("my son was a patient at a hospital once, he needs a consult", None),
        ("first time doing anything like this, allen office", "new"),
        ("never been seen by yall, mckinney please", "new"),
    ]:
        tracker = tracker_with(text, "request_appointment", active=False)
        assert (await start_request(tracker)).get("patient_status") == status, text


async def test_a_status_in_passing_never_replaces_an_answer_given_before():
    tracker = tracker_with(
        "a new patient? no, i meant mornings",
        "inform",
        slots={"patient_status": "returning", "location": "Dallas"},
        requested="preferred_time",
    )
    validated, _ = await validate(tracker)
    assert validated.get("patient_status", "returning") == "returning"


async def test_a_symptom_time_is_not_a_preferred_time():
    text = "i wake up at 3 every night with panic, can i book a consult"
    tracker = tracker_with(text, "request_appointment", active=False)
    assert (await start_request(tracker)).get("preferred_time") is None


async def test_at_the_name_question_a_reply_with_office_and_time_gives_all_three():
    text = "marta diaz, frisco, mornings"
    tracker = tracker_with(
        text,
        "inform",
        entities=[entity("location", "Frisco", text.index("frisco"))],
        mapped={"location": "Frisco"},
        requested="full_name",
    )
    validated, dispatcher = await validate(tracker)
    assert validated["full_name"] == "Marta Diaz"
    assert validated["location"] == "Frisco" and validated["preferred_time"] == "mornings"
    assert "doesn't look like a name" not in texts(dispatcher, tracker)


async def test_the_answer_to_the_time_question_is_kept_in_the_visitors_words():
    text = "some day next week"
    tracker = tracker_with(
        text,
        "inform",
        entities=[entity("time", "next week", text.index("next"))],
        mapped={"preferred_time": "next week"},
        slots={"full_name": "Seth Avery", "location": "Allen"},
        requested="preferred_time",
    )
    validated, _ = await validate(tracker)
    assert validated["preferred_time"] == "some day next week"


async def test_a_button_at_the_time_question_gives_the_buttons_words():
    payload = '/inform{"booking_choice": "weekday mornings"}'
    tracker = tracker_with(
        payload,
        "inform",
        entities=[{"entity": "booking_choice", "value": "weekday mornings"}],
        slots={"full_name": "Seth Avery", "location": "Allen"},
        requested="preferred_time",
    )
    validated, _ = await validate(tracker)
    assert validated["preferred_time"] == "weekday mornings"


async def test_an_office_changed_at_the_time_question_is_taken_and_the_time_asked_again():
    # The lookup tags both offices and the slot mapping keeps the last ("dallas").
    text = "wait no, mckinney is closer for me, not dallas"
    tracker = tracker_with(
        text,
        "inform",
        entities=[
            entity("location", "McKinney", 8),
            entity("location", "Dallas", text.index("dallas")),
        ],
        mapped={"location": "Dallas"},
        slots={"full_name": "Cosimo Reyes", "phone": "+12145550103", "email": "skipped"},
        requested="preferred_time",
    )
    validated, dispatcher = await validate(tracker)
    assert validated["location"] == "McKinney"
    assert validated["requested_slot"] == "preferred_time"
    shown = texts(dispatcher, tracker)
    assert "Got it: McKinney." in shown
    assert "couldn't tell a day or time" not in shown  # a change, not a failed answer


async def test_an_office_turned_down_in_the_answer_is_not_taken():
    tracker = tracker_with("frisco instead of allen", "inform", requested="location")
    validated, _ = await validate(tracker)
    assert validated["location"] == "Frisco"


async def test_a_carrier_named_after_self_pay_changes_the_coverage():
    before = {**ANSWERED_TO_COVERAGE, "coverage_type": "self_pay"}
    text = "wait i do have insurance, its aetna"
    tracker = tracker_with(
        text,
        "inform",
        entities=[entity("insurance_carrier", "Aetna", text.index("aetna"))],
        mapped={"insurance_carrier": "Aetna"},
        slots=before,
        requested="contact_consent",
    )
    validated, dispatcher = await validate(tracker)
    assert validated["coverage_type"] == "insurance"
    assert validated["insurance_carrier"] == "Aetna"
    assert validated["requested_slot"] == "insurance_member_id"
    assert "answer yes or no" not in texts(dispatcher, tracker)


async def test_coverage_and_a_past_visit_in_passing_are_kept_from_the_first_message():
    for text, coverage, status in [
        ("need an appointment, first time, ill pay myself, 214-555-0151", "self_pay", "new"),
        ("monday at noon in dallas works, not sure about payment yet", "not_sure", None),
        ("allen office, unsure if my plan covers this", "not_sure", None),
        ("was seen before for anxiety, need to come back, early mornings only", None, "returning"),
        ("came to yall previously, want to book frisco", None, "returning"),
    ]:
        kept = await start_request(tracker_with(text, "request_appointment", active=False))
        assert kept.get("coverage_type") == coverage, text
        assert kept.get("patient_status") == status, text
