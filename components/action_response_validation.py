"""Validate action server responses with compiled validators, one event type at a time.

Rasa 3.6's RemoteAction._validate_action_result calls jsonschema.validate(), which checks
the schema against its meta-schema and builds a new validator for every custom action
run: about a third of the Rasa server's CPU under load (py-spy during bench/chat_load.py).
Even with one cached validator, validation stayed ~6% of Rasa's CPU (2 ms for a form
step's response): each event is tried against all 23 branches of the schema's `oneOf`.
The branches are told apart by `event` (a distinct `const` each), so an event is valid
under the `oneOf` exactly when it is valid under the branch of its own type: that one
is checked. A response found invalid goes through the whole schema as before, so the
error and its message are Rasa's own.
"""

import copy
from functools import lru_cache
from typing import Any, Dict, Text, Tuple

from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match
from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL


@lru_cache(maxsize=1)
def _validator() -> Draft202012Validator:
    schema = RemoteAction.action_response_format_spec()
    cls = validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


@lru_cache(maxsize=1)
def _validators_by_event() -> Tuple[Draft202012Validator, Dict[Text, Draft202012Validator]]:
    """The schema without the events' `oneOf`, and a validator for each `oneOf` branch by event type."""
    schema = copy.deepcopy(RemoteAction.action_response_format_spec())
    branches = schema["properties"]["events"]["items"].pop("oneOf")
    cls = validator_for(schema)
    return cls(schema), {branch["properties"]["event"]["const"]: cls(branch) for branch in branches}


def is_valid(result: Any) -> bool:
    outer, by_event = _validators_by_event()
    if not outer.is_valid(result):
        return False
    for event in result.get("events") or []:
        branch = by_event.get(event["event"])  # `outer` checked: an object with a string `event`
        if branch is None or not branch.is_valid(event):
            return False
    return True


def _validate_action_result(self: RemoteAction, result: Dict[Text, Any]) -> bool:
    if is_valid(result):
        return True
    error = best_match(_validator().iter_errors(result))
    if error is None:
        return True
    error.message += (
        ". Failed to validate Action server response from API, make sure your response "
        f"from the Action endpoint is valid. For more information about the format visit "
        f"{DOCS_BASE_URL}/custom-actions"
    )
    raise error


def install() -> None:
    RemoteAction._validate_action_result = _validate_action_result
