"""Rasa-side extensions loaded by the Rasa server: NLU components and the tracker store."""

from components import action_response_validation

# Rasa imports this package for the tracker store, lock store, REST channel and NLU
# component, so the faster action-response validation is in place before any action runs.
action_response_validation.install()
