"""Field rules of the booking questions: what is accepted, how it is stored, why not."""

import pytest
from action_trackers import explained

from actions.booking_fields import (
    SKIPPED,
    is_skip,
    parse_coverage,
    parse_insurance_carrier,
    parse_location,
    parse_member_id,
    parse_patient_status,
    parse_phone_answer,
    parse_visit_reason,
    parse_yes_no,
)
from clinic.contact_fields import (
    format_phone,
    looks_like_question,
    parse_email,
    parse_full_name,
    parse_phone,
)
from clinic.profile import load_profile

LOCATIONS = load_profile().booking_locations


@pytest.mark.parametrize(
    "text, stored",
    [
        ("Xochitl Nguyen", "Xochitl Nguyen"),
        ("my name is Mary-Jane O'Neil", "Mary-Jane O'Neil"),
        ("  José   Hernández ", "José Hernández"),
        ("I'm J. R. Smith", "J. R. Smith"),
    ],
)
def test_full_name_accepted(text, stored):
    assert parse_full_name(text).value == stored


@pytest.mark.parametrize(
    "text, reason",
    [
        ("Madonna", "first and last name"),
        ("Jane 2 Doe", "shouldn't contain numbers"),
        ("jane@example.com", "shouldn't contain numbers or an email"),
        ("how long do the benefits last", "doesn't look like a name"),
        ("what is ketamine?", "doesn't look like a name"),
        ("x" * 120 + " Doe", "longer than a name"),
    ],
)
def test_full_name_refused_with_reason(text, reason):
    parsed = parse_full_name(text)
    assert parsed.value is None and reason in explained(parsed)


@pytest.mark.parametrize(
    "text, e164",
    [
        ("214 555 0100", "+12145550100"),
        ("my number is (972) 555-0199", "+19725550199"),
        ("+1 469.555.0123", "+14695550123"),
        ("+44 20 7946 0958", "+442079460958"),
    ],
)
def test_phone_stored_in_e164(text, e164):
    assert parse_phone(text).value == e164


@pytest.mark.parametrize(
    "text, reason",
    [
        ("555-0100", "too short"),
        ("214 555 01000", "too many digits"),
        ("call me maybe", "doesn't look like a phone number"),
        ("+999 123 456 789", "country code"),
    ],
)
def test_phone_refused_with_reason(text, reason):
    parsed = parse_phone(text)
    assert parsed.value is None and reason in explained(parsed)


def test_phone_can_be_skipped():
    assert parse_phone_answer("I'd rather not").value == SKIPPED
    assert parse_phone_answer("skip").value == SKIPPED


def test_phone_shown_in_national_format():
    assert format_phone("+12145550100") == "(214) 555-0100"
    assert format_phone("+442079460958") == "+44 20 7946 0958"


def test_email_normalised_without_network_lookup():
    assert parse_email("it's Jane.Doe@Gmail.COM").value == "Jane.Doe@gmail.com"
    assert (
        parse_email("jane@nonexistent-domain-for-tests.example").value
        == "jane@nonexistent-domain-for-tests.example"
    )


@pytest.mark.parametrize(
    "text, reason",
    [("jane.example.com", "@ sign"), ("jane@example", "period"), ("jane@@x.com", "isn't valid")],
)
def test_email_refused_with_reason(text, reason):
    parsed = parse_email(text)
    assert parsed.value is None and reason in explained(parsed)


@pytest.mark.parametrize(
    "text, location",
    [
        ("the dallas one", "Dallas"),
        ("mc kinney", "McKinney"),
        ("Frisco", "Frisco"),
        ("ALLEN please", "Allen"),
    ],
)
def test_location_from_free_text(text, location):
    assert parse_location(text, LOCATIONS).value == location


def test_location_not_found_inside_other_words():
    assert parse_location("I've fallen behind", LOCATIONS).value is None


def test_location_refusals_list_the_profile_locations():
    parsed = parse_location("Plano", LOCATIONS)
    assert parsed.value is None and all(name in explained(parsed) for name in LOCATIONS)
    assert "just one" in explained(parse_location("Frisco or Allen", LOCATIONS))


def test_telehealth_words_when_offered():
    assert parse_location("online is best", ["Allen", "Telehealth"]).value == "Telehealth"


@pytest.mark.parametrize(
    "text, status",
    [
        ("new", "new"),
        ("I've never been there", "new"),
        ("first time", "new"),
        ("returning", "returning"),
        ("I'm not a new patient", "returning"),
        ("I've been seen there before", "returning"),
    ],
)
def test_patient_status(text, status):
    assert parse_patient_status(text).value == status


def test_patient_status_unclear():
    assert "new patient or a returning patient" in explained(parse_patient_status("maybe"))


@pytest.mark.parametrize(
    "text, coverage",
    [
        ("Insurance", "insurance"),
        ("Self-pay", "self_pay"),
        ("Not sure", "not_sure"),
        ("I'll pay out of pocket", "self_pay"),
        ("I don't have insurance", "self_pay"),
        ("not sure if my plan covers it", "not_sure"),
        ("I have insurance through work", "insurance"),
    ],
)
def test_coverage(text, coverage):
    assert parse_coverage(text).value == coverage


def test_coverage_options_of_the_profile_are_understood():
    assert {parse_coverage(option).value for option in load_profile().coverage_options} == {
        "insurance",
        "self_pay",
        "not_sure",
    }


def test_coverage_unclear():
    assert "self-pay" in explained(parse_coverage("banana"))


def test_carrier_and_member_id():
    assert (
        parse_insurance_carrier("my insurance is Blue Cross Blue Shield of Texas").value
        == "Blue Cross Blue Shield of Texas"
    )
    assert parse_insurance_carrier("12345").value is None
    assert parse_member_id("my member id is w123 456 789").value == "W123456789"
    assert parse_member_id("skip").value == SKIPPED
    assert "letters and numbers" in explained(parse_member_id("abcdef"))
    assert "5 to 30" in explained(parse_member_id("A12"))


def test_visit_reason():
    reasons = load_profile().visit_reasons
    assert parse_visit_reason("anxiety", reasons).value == "Anxiety"
    assert (
        parse_visit_reason("trouble sleeping since the accident", reasons).value
        == "trouble sleeping since the accident"
    )
    assert parse_visit_reason("rather not say", reasons).value == SKIPPED
    assert "few words" in explained(parse_visit_reason("word " * 40, reasons))
    assert parse_visit_reason("no energy", reasons).value == "no energy"  # a reason, not a skip


@pytest.mark.parametrize(
    "text, answer",
    [("yes I agree", True), ("Sure", True), ("no", False), ("I don't", False), ("purple", None)],
)
def test_yes_no(text, answer):
    assert parse_yes_no(text) is answer


def test_yes_no_buttons_use_the_intent():
    assert parse_yes_no("/affirm", "affirm") is True
    assert parse_yes_no("/deny", "deny") is False


def test_skip_and_question_detection():
    assert (
        is_skip("no thanks")
        and is_skip("I don't have one")
        and is_skip("no email")
        and not is_skip("Jane Doe")
    )
    assert looks_like_question("where are you?") and looks_like_question("how long does it last")
    assert not looks_like_question("Xochitl Nguyen")
