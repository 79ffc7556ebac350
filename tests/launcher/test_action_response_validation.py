"""Rasa still rejects malformed action server responses with the faster validation."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction

import components  # noqa: F401  (installs the cached validator, as in the Rasa server)
from components.action_response_validation import _validate_action_result, _validator, is_valid


def test_the_cached_validator_is_what_rasa_uses():
    assert RemoteAction._validate_action_result is _validate_action_result


def test_valid_response_passes_and_malformed_events_are_rejected():
    action = RemoteAction("action_x", None)
    assert action._validate_action_result(
        {"events": [{"event": "slot", "name": "a", "value": 1}], "responses": [{"text": "hi"}]}
    )
    with pytest.raises(ValidationError, match="Failed to validate Action server response"):
        action._validate_action_result({"events": [{"event": "slot"}], "responses": []})
    with pytest.raises(ValidationError):
        action._validate_action_result({"events": "not a list"})


RESPONSES = [
    {"events": [], "responses": []},
    {
        "events": [{"event": "slot", "name": "phone", "value": "+12145550100", "timestamp": None}],
        "responses": [{"text": "Thanks", "buttons": [{"title": "Yes", "payload": "/affirm"}]}],
    },
    {
        "events": [
            {"event": "active_loop", "name": "booking_form"},
            {"event": "followup", "name": "utter_x"},
        ],
        "responses": [{"response": "utter_ask_phone"}],
    },
    {
        "events": [{"event": "session_started"}, {"event": "action", "name": "action_listen"}],
        "responses": [],
    },
    # malformed
    {"events": [{"event": "slot"}], "responses": []},
    {"events": [{"name": "no event key"}]},
    {"events": "not a list"},
    {"events": [{"event": "user", "text": 5}]},
    {"events": [{"event": "active_loop", "name": 3}]},
]


@pytest.mark.parametrize("response", RESPONSES)
def test_the_check_by_event_type_gives_rasas_verdict(response):
    action = RemoteAction("action_x", None)
    rasa_says_valid = _validator().is_valid(response)
    if rasa_says_valid:
        assert action._validate_action_result(response)
    else:
        with pytest.raises(ValidationError):
            action._validate_action_result(response)


EVENT_TYPES = [
    "user",
    "action",
    "slot",
    "entities",
    "bot",
    "active_loop",
    "followup",
    "session_started",
    "reminder",
    "restart",
    "form",
    "not_an_event",
]
json_value = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=5),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=5,
)
event = st.fixed_dictionaries(
    {"event": st.sampled_from(EVENT_TYPES)},
    optional={
        k: json_value
        for k in (
            "name",
            "value",
            "text",
            "timestamp",
            "entities",
            "parse_data",
            "policy",
            "confidence",
            "metadata",
        )
    },
)
response = st.fixed_dictionaries(
    {},
    optional={
        "events": st.lists(event, max_size=4) | json_value,
        "responses": st.lists(
            st.dictionaries(st.text(max_size=5), json_value, max_size=3), max_size=2
        )
        | json_value,
    },
)


@settings(max_examples=600, deadline=None)
@given(response)
def test_checking_each_event_against_its_own_type_agrees_with_the_whole_schema(value):
    assert is_valid(value) == _validator().is_valid(value)
