"""Rasa still rejects malformed action server responses with the cached validator."""
import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction

import components  # noqa: F401  (installs the cached validator, as in the Rasa server)
from components.action_response_validation import _validate_action_result


def test_the_cached_validator_is_what_rasa_uses():
    assert RemoteAction._validate_action_result is _validate_action_result


def test_valid_response_passes_and_malformed_events_are_rejected():
    action = RemoteAction("action_x", None)
    assert action._validate_action_result({"events": [{"event": "slot", "name": "a", "value": 1}],
                                           "responses": [{"text": "hi"}]})
    with pytest.raises(ValidationError, match="Failed to validate Action server response"):
        action._validate_action_result({"events": [{"event": "slot"}], "responses": []})
    with pytest.raises(ValidationError):
        action._validate_action_result({"events": "not a list"})


RESPONSES = [
    {"events": [], "responses": []},
    {"events": [{"event": "slot", "name": "phone", "value": "+12145550100", "timestamp": None}],
     "responses": [{"text": "Thanks", "buttons": [{"title": "Yes", "payload": "/affirm"}]}]},
    {"events": [{"event": "active_loop", "name": "booking_form"}, {"event": "followup", "name": "utter_x"}],
     "responses": [{"response": "utter_ask_phone"}]},
    {"events": [{"event": "session_started"}, {"event": "action", "name": "action_listen"}], "responses": []},
    # malformed
    {"events": [{"event": "slot"}], "responses": []},
    {"events": [{"name": "no event key"}]},
    {"events": "not a list"},
    {"events": [{"event": "user", "text": 5}]},
    {"events": [{"event": "active_loop", "name": 3}]},
]


@pytest.mark.parametrize("response", RESPONSES)
def test_the_compiled_check_gives_rasas_verdict(response):
    from components.action_response_validation import _validator

    action = RemoteAction("action_x", None)
    rasa_says_valid = _validator().is_valid(response)
    if rasa_says_valid:
        assert action._validate_action_result(response)
    else:
        with pytest.raises(ValidationError):
            action._validate_action_result(response)
