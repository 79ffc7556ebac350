"""Validate action server responses with one compiled validator, not one per call.

Rasa 3.6's RemoteAction._validate_action_result calls jsonschema.validate(), which checks
the schema against its meta-schema and builds a new validator for every custom action
run: about a third of the Rasa server's CPU under load (py-spy during bench/chat_load.py).
Same schema, same errors, same message; only the repeated set-up is gone.
"""
from functools import lru_cache
from typing import Any, Dict, Text

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


def _validate_action_result(self: RemoteAction, result: Dict[Text, Any]) -> bool:
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
