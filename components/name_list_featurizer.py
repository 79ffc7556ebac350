"""NLU component: marks each word that is a known first or last name (issue 16).

The mark is the `pattern` feature of Rasa's CRFEntityExtractor
(components/name_entity_extractor.py), set on the tokens the way RegexFeaturizer marks
its matches: "a first name" / "a last name" from the US Census lists in `name_lists/`.
With it, the CRF learns the context a name stands in ("this is ___", "___ here") instead
of the names of its training examples. A feature, not a rule: the CRF still decides from
the words around it ("may" in "may i book" is not a name).

Only tokens are marked, no sparse features: DIET and the response selector see exactly
the features they saw before (measured: with the two extra columns, DIET's FAQ held-out
fell by 3 of 228). A word the assistant's own training data uses outside a name
annotation ("allen" the office, "will", "hope", a provider's first name) is never marked.
Set lookups (O(words)): a RegexFeaturizer lookup table of 25,000 names compiles into one
alternation that takes seconds per message.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from pathlib import Path
from typing import Any, Dict, Iterable, List, Optional, Set, Text, Type

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import TOKENS_NAMES
from rasa.nlu.tokenizers.tokenizer import Tokenizer
from rasa.shared.nlu.constants import (
    ENTITIES,
    ENTITY_ATTRIBUTE_END,
    ENTITY_ATTRIBUTE_START,
    ENTITY_ATTRIBUTE_TYPE,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from clinic.booking_entities import NAME_ENTITIES

LISTS = ("first_names", "last_names")
# Words no list has and that are not common English or Spanish words.
UNKNOWN, COMMON_WORDS = "unknown_word", "common_words"
STORED_FILE = "name_lists.json"


def plain_word(word: Text) -> Text:
    """Lowercase without accents ("Pérez" -> "perez"): the lists are plain ASCII."""
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).strip("'’.,-")


def read_list(path: Path) -> Set[Text]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return {plain_word(line) for line in lines if line.strip() and not line.startswith("#")}


def ordinary_words(examples: Iterable[Message]) -> Set[Text]:
    """Every word of the training texts that is not inside a name annotation."""
    words: Set[Text] = set()
    for example in examples:
        text = example.get(TEXT) or ""
        spans = [
            (e[ENTITY_ATTRIBUTE_START], e[ENTITY_ATTRIBUTE_END])
            for e in example.get(ENTITIES) or []
            if e.get(ENTITY_ATTRIBUTE_TYPE) in NAME_ENTITIES
        ]
        for match in re.finditer(r"[^\W\d_][\w'’-]*", text):
            if not any(start <= match.start() < end for start, end in spans):
                words.add(plain_word(match.group()))
    return words


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=True)
class NameListFeaturizer(GraphComponent):
    @classmethod
    def required_components(cls) -> List[Type]:
        return [Tokenizer]

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"lists_dir": "name_lists"}

    @classmethod
    def fingerprint_addon(cls, config: Dict[Text, Any]) -> Optional[str]:
        """Retrain when a list changes: Rasa does not see files outside `data/`."""
        digest = hashlib.sha256()
        for name in (*LISTS, COMMON_WORDS):
            digest.update(
                (Path(config.get("lists_dir", "name_lists")) / f"{name}.txt").read_bytes()
            )
        return digest.hexdigest()

    def __init__(
        self,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        names: Optional[Dict[Text, Set[Text]]] = None,
        common: Optional[Set[Text]] = None,
    ) -> None:
        self._config = config
        self._model_storage = model_storage
        self._resource = resource
        self._names = names or {name: set() for name in LISTS}
        self._common = common or set()

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> NameListFeaturizer:
        return cls(
            {**cls.get_default_config(), **config}, model_storage, resource, execution_context
        )

    @classmethod
    def load(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> NameListFeaturizer:
        with model_storage.read_from(resource) as directory:
            stored = json.loads((directory / STORED_FILE).read_text(encoding="utf-8"))
        names = {name: set(stored[name]) for name in LISTS}
        return cls(
            {**cls.get_default_config(), **config},
            model_storage,
            resource,
            execution_context,
            names,
            set(stored[COMMON_WORDS]),
        )

    def train(self, training_data: TrainingData) -> Resource:
        ordinary = ordinary_words(training_data.training_examples)
        lists_dir = Path(self._config["lists_dir"])
        self._names = {name: read_list(lists_dir / f"{name}.txt") - ordinary for name in LISTS}
        self._common = read_list(lists_dir / f"{COMMON_WORDS}.txt")
        with self._model_storage.write_to(self._resource) as directory:
            stored = {name: sorted(words) for name, words in self._names.items()}
            stored[COMMON_WORDS] = sorted(self._common)
            (directory / STORED_FILE).write_text(json.dumps(stored), encoding="utf-8")
        return self._resource

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        for example in training_data.training_examples:
            self._featurize(example)
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            self._featurize(message)
        return messages

    def _featurize(self, message: Message) -> None:
        for token in message.get(TOKENS_NAMES[TEXT]) or []:
            word = plain_word(token.text)
            patterns = token.get("pattern", default={})
            patterns.update({name: word in self._names[name] for name in LISTS})
            # Against the common words only, in training as at inference: the data's own
            # typos and abbreviations ("appt") teach the CRF that unknown alone is no name.
            patterns[UNKNOWN] = word.isalpha() and word not in self._common
            token.set("pattern", patterns)
