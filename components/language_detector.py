"""NLU component: the `language` entity that sets the conversation's `language` slot (issue 19).

The slot maps from this entity (domain.yml), so it changes only on a turn that emits one
and otherwise keeps its value: a short or mixed message never flips the language.
- The visitor's choice on the widget's "English | Español" switch, sent as message
  metadata (`language_choice`, bot/gateway.py), always wins.
- Otherwise a confident detection of the message's text (clinic/language.py).
The page's / browser's language is only a starting hint, read at session start
(actions/session.py), never here: it must not outvote what the visitor writes.
"""

from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message

from clinic.language import detect, language_code
from components.risk_classifier import BUTTON_PAYLOAD

ENTITY = "language"
CHOICE_KEY = "language_choice"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False)
class LanguageDetector(GraphComponent):
    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "LanguageDetector":
        return cls()

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            language = message_language(message)
            if language:
                entity = {
                    "entity": ENTITY,
                    "value": language,
                    "start": 0,
                    "end": 0,
                    "extractor": type(self).__name__,
                }
                entities = [e for e in message.get(ENTITIES, []) if e.get("entity") != ENTITY]
                message.set(ENTITIES, [*entities, entity], add_to_output=True)
        return messages


def message_language(message: Message) -> Any:
    metadata = message.get("metadata") or {}
    choice = language_code(metadata.get(CHOICE_KEY)) if isinstance(metadata, dict) else None
    if choice:
        return choice
    text = message.get(TEXT) or ""
    if not text or BUTTON_PAYLOAD.fullmatch(text):
        return None
    return detect(text)
