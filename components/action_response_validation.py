"""Validate action server responses with a compiled check, not a new validator per call.

Rasa 3.6's RemoteAction._validate_action_result calls jsonschema.validate(), which checks
the schema against its meta-schema and builds a new validator for every custom action
run: about a third of the Rasa server's CPU under load (py-spy during bench/chat_load.py).
Even a cached jsonschema validator stayed ~5% of Rasa's CPU, so a valid response is
checked by fastjsonschema's compiled code; an invalid one goes through jsonschema as
before, so the error and its message are Rasa's own.
"""
from functools import lru_cache
from typing import Any, Callable, Dict, Text

import fastjsonschema
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
def _compiled_check() -> Callable[[Any], Any]:
    return fastjsonschema.compile(RemoteAction.action_response_format_spec())


def _validate_action_result(self: RemoteAction, result: Dict[Text, Any]) -> bool:
    try:
        _compiled_check()(result)
        return True
    except fastjsonschema.JsonSchemaException:
        pass
    error = best_match(_validator().iter_errors(result))
    if error is None:  # the two libraries disagree: Rasa's own (jsonschema) verdict stands
        return True
    error.message += (
        ". Failed to validate Action server response from API, make sure your response "
        f"from the Action endpoint is valid. For more information about the format visit "
        f"{DOCS_BASE_URL}/custom-actions"
    )
    raise error


def install() -> None:
    RemoteAction._validate_action_result = _validate_action_result
