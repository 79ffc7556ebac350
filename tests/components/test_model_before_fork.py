"""The default profile's Rasa workers share one loaded model (components/rasa_server.py).

The model is loaded once before Sanic forks its workers; Rasa's own per-worker load gets
that same model. A model that runs TensorFlow is served by one worker instead (no fork).
"""

from __future__ import annotations

import gc
import os

import pytest
from rasa.core.processor import MessageProcessor

from components import rasa_server
from tests.conftest import require_model


@pytest.fixture
def restore(monkeypatch):
    monkeypatch.setattr(MessageProcessor, "_load_model", MessageProcessor._load_model)
    monkeypatch.setenv("SANIC_WORKERS", "2")
    yield monkeypatch
    gc.unfreeze()


def test_every_worker_is_handed_the_model_loaded_before_the_fork(restore):
    model = str(require_model())
    assert rasa_server.load_model_before_fork(model) is True
    first = MessageProcessor._load_model(model)
    assert MessageProcessor._load_model(model) is first
    assert first[2] is MessageProcessor._load_model(model)[2]  # one graph runner
    assert gc.get_freeze_count() > 0


def test_a_model_that_runs_tensorflow_is_served_by_one_worker(restore):
    restore.setenv("RASA_NUMPY_INFERENCE", "0")
    assert rasa_server.load_model_before_fork(str(require_model())) is False
    assert os.environ["SANIC_WORKERS"] == "1"
