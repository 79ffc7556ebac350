"""The one name, phone and email rule, as the booking form, the call-back form and the
appointments API apply it."""

import pytest

from bot.api.appointment_validation import validate_appointment_request
from bot.api_errors import ApiError
from clinic.contact_fields import NAME_MAX, parse_full_name, parse_phone
from clinic.reference_codes import new_reference

LOCATIONS = ["Allen", "McKinney", "Frisco", "Dallas"]


def api_body(**fields) -> dict:
    return {
        "kind": "booking",
        "reference": new_reference(),
        "conversation_id": "c-1",
        "full_name": "Jordan Ellis",
        "phone": "+14695550188",
        "contact_consent": True,
        **fields,
    }


@pytest.mark.parametrize("name", ["李雷", "Ana María Pérez", "Siobhán O'Neil-Ní Bhriain"])
def test_whole_names_in_any_script_are_accepted_for_a_booking(name):
    assert parse_full_name(name).value == name
    assert validate_appointment_request(api_body(full_name=name), LOCATIONS)["full_name"] == name


def test_a_first_name_alone_is_enough_only_for_a_call_back():
    assert not parse_full_name("Ana").ok
    assert parse_full_name("Ana", surname=False).value == "Ana"
    callback = api_body(kind="callback", full_name="Ana")
    assert validate_appointment_request(callback, LOCATIONS)["full_name"] == "Ana"
    with pytest.raises(ApiError):
        validate_appointment_request(api_body(full_name="Ana"), LOCATIONS)


@pytest.mark.parametrize("name", ["R2 D2", "x" * (NAME_MAX + 1), "what is this?", "a@b.co"])
def test_the_same_names_are_refused_everywhere(name):
    assert not parse_full_name(name).ok and not parse_full_name(name, surname=False).ok
    for kind in ("booking", "callback"):
        with pytest.raises(ApiError):
            validate_appointment_request(api_body(kind=kind, full_name=name), LOCATIONS)


def test_the_api_takes_exactly_the_numbers_the_forms_store():
    typed = "my cell is (214) 555-0147"
    stored = parse_phone(typed).value
    assert stored == "+12145550147"
    assert validate_appointment_request(api_body(phone=stored), LOCATIONS)["phone"] == stored
    with pytest.raises(ApiError):
        validate_appointment_request(api_body(phone="(214) 555-0147"), LOCATIONS)
