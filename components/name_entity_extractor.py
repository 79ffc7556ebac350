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
"""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.extractors.crf_entity_extractor import CRFEntityExtractor
from rasa.shared.nlu.constants import ENTITIES, ENTITY_ATTRIBUTE_TYPE
from rasa.shared.nlu.training_data.message import Message


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=True)
class NameEntityExtractor(CRFEntityExtractor):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {**CRFEntityExtractor.get_default_config(), "entities": ["person", "patient"]}

    def process(self, messages: List[Message]) -> List[Message]:
        kept = set(self.component_config["entities"])
        for message in messages:
            found = [e for e in self.extract_entities(message) if e[ENTITY_ATTRIBUTE_TYPE] in kept]
            message.set(
                ENTITIES,
                message.get(ENTITIES, []) + self.add_extractor_name(found),
                add_to_output=True,
            )
        return messages
