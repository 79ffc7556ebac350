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
