"""The name CRF loads trained (components/name_entity_extractor.py, issues 16 and 21).

Rasa's CRFEntityExtractor trains again from stored data at every load (8 s of a Rasa
process's start). The trained model must load without any training and still find names.
"""

from __future__ import annotations

import asyncio

from rasa.core.agent import Agent
from rasa.nlu.extractors.crf_entity_extractor import CRFEntityExtractor

from tests.conftest import require_model


def test_the_model_loads_the_trained_crf_without_training_it(monkeypatch):
    def no_training(*args, **kwargs):
        raise AssertionError("the CRF was trained while the model loaded")

    monkeypatch.setattr(CRFEntityExtractor, "train_model", classmethod(no_training))
    agent = Agent.load(str(require_model()))
    parsed = asyncio.run(agent.parse_message("this is marcus bell, need an appointment in allen"))
    names = [e["value"] for e in parsed["entities"] if e["entity"] == "person"]
    assert "marcus bell" in names
