"""NLU component: `inform` is a message that states a booking fact, or it is not `inform`.

Outside a form, `inform` starts a consultation request with the facts it carries (issue
16). DIET learned it from short answers such as names, so a keyboard mash ("qwer asdf")
can look like a name to it; with no fact in the message, starting a request would be a
confident wrong answer. A fact is an extracted entity (DIET's names and times, the lookup
tables' offices, carriers and providers) or a phone number or email address. Without one,
`inform` leaves the ranking and the next intent stands on its own confidence, so
FallbackClassifier (after this component) asks when nothing else is likely. Inside a form
the answer is still read by the form's validation, which takes an `nlu_fallback` message as
an answer to the question asked.

Runs before FaqResponseSelector, so the selector sees the intent the message ends with.
"""

from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import (
    ENTITIES,
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message

from clinic.contact_fields import contact_details
from components.risk_classifier import BUTTON_PAYLOAD

INFORM_INTENT = "inform"


def states_a_fact(message: Message) -> bool:
    return bool(message.get(ENTITIES)) or bool(contact_details(message.get(TEXT) or ""))


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class InformNeedsAFact(GraphComponent):
    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "InformNeedsAFact":
        return cls()

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            intent = message.get(INTENT) or {}
            text = message.get(TEXT) or ""
            if intent.get(INTENT_NAME_KEY) != INFORM_INTENT or BUTTON_PAYLOAD.fullmatch(text):
                continue
            if states_a_fact(message):
                continue
            ranking = [
                r
                for r in message.get(INTENT_RANKING_KEY) or []
                if r.get(INTENT_NAME_KEY) != INFORM_INTENT
            ]
            if ranking:
                message.set(INTENT, ranking[0], add_to_output=True)
                message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
        return messages
