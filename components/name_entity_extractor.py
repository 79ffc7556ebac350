"""NLU entity extractor: visitors' names, by Rasa's CRFEntityExtractor (issue 16).

DIET without transformer layers tags each word from its own features, so it learned the
names of its training examples and found almost no new one ("this is marcus bell": none).
A linear-chain CRF over a window of words ("my name is ___", "___ here", a first name
before a last name), with the census name lists and "not a common word" as its `pattern`
feature (components/name_list_featurizer.py), finds names it never saw. Measured on the
traffic development set's multi-fact messages: names and times right 41/84 with DIET
alone, 79/84 with this CRF for the names; DIET stays better on times, so only the name
entities come from here. Names of origins the census lists miss are found less often
(tests/nlu/test_unseen_names.py).

It learns every entity of the data (the other tags are context for the names) and keeps
only `entities` in its output. After DIET in the pipeline: a slot takes the last value
found, so its name wins over DIET's partial one.

Rasa 3.6 stores a CRF's training data and trains it again at every load (8 s of a Rasa
process's start, measured, issue 21); this one also stores the trained taggers and loads
them.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

import joblib
import rasa.shared.utils.io
from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import TOKENS_NAMES
from rasa.nlu.extractors.crf_entity_extractor import CRFEntityExtractor, CRFToken
from rasa.shared.nlu.constants import ENTITIES, ENTITY_ATTRIBUTE_TYPE, TEXT
from rasa.shared.nlu.training_data.message import Message

TAGGERS_FILE = "entity_taggers.joblib"
# The marks of components/name_list_featurizer.py that a name needs on one of its words.
NAME_MARKS = ("first_names", "last_names", "unknown_word")


def may_be_a_name(message: Message, entity: Dict[Text, Any]) -> bool:
    """A name of several words has a listed name or an uncommon word in it; a one-word
    name is an uncommon word. So a reply of common words ("ayer", "mañana", "jordan") is
    never taken as a name; the form asks for the name instead of guessing."""
    marks = [
        token.get("pattern", {})
        for token in message.get(TOKENS_NAMES[TEXT]) or []
        if entity["start"] <= token.start < entity["end"]
    ]
    if len(marks) == 1:
        return bool(marks[0].get("unknown_word"))
    return any(mark.get(name) for mark in marks for name in NAME_MARKS)


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=True)
class NameEntityExtractor(CRFEntityExtractor):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {**CRFEntityExtractor.get_default_config(), "entities": ["person", "patient"]}

    @classmethod
    def fingerprint_addon(cls, config: Dict[Text, Any]) -> Optional[Text]:
        """Cached CRFs stored without their taggers are trained again, once."""
        return TAGGERS_FILE

    def persist(self, dataset: List[List[CRFToken]]) -> None:
        super().persist(dataset)
        with self._model_storage.write_to(self._resource) as model_dir:
            joblib.dump(self.entity_taggers, model_dir / TAGGERS_FILE)

    @classmethod
    def load(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> "NameEntityExtractor":
        with model_storage.read_from(resource) as model_dir:
            if not (model_dir / TAGGERS_FILE).exists():  # a model trained before they were kept
                return super().load(config, model_storage, resource, execution_context, **kwargs)
            extractor = cls(config, model_storage, resource, joblib.load(model_dir / TAGGERS_FILE))
            extractor.crf_order = rasa.shared.utils.io.read_json_file(model_dir / "crf_order.json")
        return extractor

    def process(self, messages: List[Message]) -> List[Message]:
        kept = set(self.component_config["entities"])
        for message in messages:
            found = [
                e
                for e in self.extract_entities(message)
                if e[ENTITY_ATTRIBUTE_TYPE] in kept and may_be_a_name(message, e)
            ]
            message.set(
                ENTITIES,
                message.get(ENTITIES, []) + self.add_extractor_name(found),
                add_to_output=True,
            )
        return messages
