"""The name-list marks the name CRF reads (components/name_list_featurizer.py, issue 16).

A word of the census lists is marked a first or last name, with or without accents; a word
the training data uses outside a name annotation is never marked; the lists survive the
model's storage; a list change retrains.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rasa.engine.graph import ExecutionContext
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.constants import TOKENS_NAMES
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from components.name_list_featurizer import NameListFeaturizer

LISTS_DIR = Path(__file__).resolve().parents[2] / "name_lists"


@pytest.fixture
def storage(tmp_path) -> LocalModelStorage:
    return LocalModelStorage(tmp_path)


def tokenized(text: str, entities=None) -> Message:
    message = Message.build(text=text, intent="inform", entities=entities or [])
    WhitespaceTokenizer(WhitespaceTokenizer.get_default_config()).process([message])
    return message


def marks(featurizer: NameListFeaturizer, text: str) -> dict:
    """Each word -> (first name?, last name?), as the CRF's `pattern` feature reads it."""
    message = tokenized(text)
    featurizer.process([message])
    return {
        token.text: (token.get("pattern")["first_names"], token.get("pattern")["last_names"])
        for token in message.get(TOKENS_NAMES[TEXT])
    }


def marks_unknown(featurizer: NameListFeaturizer, text: str) -> dict:
    message = tokenized(text)
    featurizer.process([message])
    return {t.text: t.get("pattern")["unknown_word"] for t in message.get(TOKENS_NAMES[TEXT])}


def trained(storage, examples) -> NameListFeaturizer:
    context = ExecutionContext(graph_schema=None, node_name="names")
    featurizer = NameListFeaturizer.create(
        {"lists_dir": str(LISTS_DIR)}, storage, Resource("names"), context
    )
    featurizer.train(TrainingData(examples))
    return featurizer


def test_unseen_names_are_marked_and_training_words_are_not(storage):
    name = {"entity": "person", "start": 3, "end": 13, "value": "dana perez"}
    featurizer = trained(
        storage, [tokenized("im dana perez", [name]), tokenized("will you book me in allen")]
    )
    found = marks(featurizer, "this is marcus pérez will allen")
    assert found["marcus"][0] is True  # a first name (also a last name in the census)
    assert found["pérez"][1] is True  # accents typed or not
    assert found["this"] == (False, False)
    # Neither a listed name nor a common word: the CRF's "unknown word" mark.
    assert marks_unknown(featurizer, "im obinna eze") == {"im": False, "obinna": True, "eze": True}
    # "will" and "allen" are names in the census lists, but ordinary words of the data.
    assert found["will"] == (False, False)
    assert found["allen"] == (False, False)


def test_the_lists_are_stored_with_the_model(storage):
    featurizer = trained(storage, [tokenized("book an appointment")])
    context = ExecutionContext(graph_schema=None, node_name="names")
    loaded = NameListFeaturizer.load({}, storage, Resource("names"), context)
    assert marks(loaded, "im marcus") == marks(featurizer, "im marcus")


def test_a_changed_list_changes_the_fingerprint(tmp_path):
    for name in ("first_names", "last_names", "common_words"):
        (tmp_path / f"{name}.txt").write_text("# source\nmarcus\n")
    before = NameListFeaturizer.fingerprint_addon({"lists_dir": str(tmp_path)})
    (tmp_path / "first_names.txt").write_text("# source\nmarcus\nkenji\n")
    assert NameListFeaturizer.fingerprint_addon({"lists_dir": str(tmp_path)}) != before
