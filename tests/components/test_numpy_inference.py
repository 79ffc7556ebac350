"""The numpy inference of DIET and the response selector equals Rasa's TensorFlow inference.

components/numpy_classifiers.py loads the trained model's exported weights and runs them
with numpy; here the same trained model is also loaded the way Rasa loads it (TensorFlow)
and both run on every training message and every held-out message (FAQ held-out set, chat
traffic and the safety evaluation sets except the frozen held-out ones). Intent rankings,
response rankings and confidences agree within float tolerance, and the entities are
identical, so every accuracy figure is unchanged by construction.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Dict, Iterator, List

import numpy as np
import pytest
import yaml

from components.numpy_classifiers import NumpyInference
from components.numpy_inference import crf_decode, softmax

PROJECT_DIR = Path(__file__).resolve().parents[2]
HELDOUT_FILES = [
    PROJECT_DIR / "tests" / "nlu" / "faq_heldout.yml",
    # Not the frozen held-out sets (tests/nlu/traffic/holdout.yml,
    # tests/safety/eval/holdout*.yml): they are run by their own evaluations only, and a
    # failure here would print their text.
    *sorted(
        path
        for folder in ("nlu/traffic", "safety/eval")
        for path in (PROJECT_DIR / "tests" / folder).glob("*.yml")
        if not path.stem.startswith("holdout")
    ),
]
CONFIDENCE_TOLERANCE = 1e-5


def texts_in(node) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "text" and isinstance(value, str):
                yield value
            else:
                yield from texts_in(value)
    elif isinstance(node, list):
        for item in node:
            yield from texts_in(item)


def all_texts() -> List[str]:
    from rasa.shared.nlu.training_data.loading import load_data

    nlu_files = [
        path
        for path in sorted((PROJECT_DIR / "data").rglob("*.yml"))
        if "nlu" in (yaml.safe_load(path.read_text()) or {})
    ]
    training = [m.get("text") for f in nlu_files for m in load_data(str(f)).training_examples]
    heldout = [t for path in HELDOUT_FILES for t in texts_in(yaml.safe_load(path.read_text()))]
    return sorted({t for t in training + heldout if t and t.strip()})


def copy_message(message):
    from rasa.shared.nlu.training_data.message import Message

    return Message(
        data=dict(message.data),
        features=list(message.features),
        output_properties=set(message.output_properties),
    )


def tensorflow_twin(component, storage):
    """The same trained component as Rasa loads it: a TensorFlow model, no numpy weights."""
    cls = type(component)
    with storage.read_from(component._resource) as model_path:
        twin = super(NumpyInference, cls)._load(
            model_path,
            component.component_config,
            storage,
            component._resource,
            component._execution_context,
        )
    assert twin._numpy_model is None and twin.model is not None
    return twin


@pytest.fixture(scope="module")
def pipeline(tmp_path_factory):
    from rasa.core.agent import Agent
    from rasa.engine.storage.local_model_storage import LocalModelStorage

    from bot.launcher import DEFAULT_MODEL

    if not DEFAULT_MODEL.exists():
        pytest.fail(f"no trained model at {DEFAULT_MODEL}: run `make train`")
    agent = Agent.load(str(DEFAULT_MODEL))
    runner = agent.processor.graph_runner
    nodes = runner._instantiated_nodes
    found: Dict[str, str] = {}
    for name, node in nodes.items():
        if not name.startswith("run_"):
            continue
        node._load_component() if node._component is None else None
        if isinstance(node._component, NumpyInference):
            kind = "selector" if hasattr(node._component, "responses") else "diet"
            found[kind] = name
    assert set(found) == {"diet", "selector"}, found
    diet, selector = (nodes[found[k]]._component for k in ("diet", "selector"))
    assert diet._numpy_model is not None and diet.model is None, "numpy weights not loaded"
    assert selector._numpy_model is not None and selector.model is None
    # Agent.load removes its unpacked copy once loaded: unpack the same archive again.
    storage, _ = LocalModelStorage.from_model_archive(
        tmp_path_factory.mktemp("model"), DEFAULT_MODEL
    )
    twins = tensorflow_twin(diet, storage), tensorflow_twin(selector, storage)
    return runner, found, diet, selector, *twins


def featurised(runner, target: str, texts: List[str]):
    """Messages after the whole NLU graph up to `target` (featurised, DIET run)."""
    from rasa.core.channels.channel import UserMessage
    from rasa.engine.constants import PLACEHOLDER_MESSAGE

    loop = asyncio.new_event_loop()
    try:
        for text in texts:
            out = runner.run(inputs={PLACEHOLDER_MESSAGE: [UserMessage(text)]}, targets=[target])
            yield text, out[target][0]
    finally:
        loop.close()


SWAPS = {"ties": 0}


def assert_same_entity_scores(ours: np.ndarray, theirs: np.ndarray, text: str) -> None:
    """Equal within tolerance, except after a one-sided 1.0: Rasa's backward scan over the
    CRF scores reads position t-1 at index int(score[t]), so a score of 1.0 on one side and
    0.9999998 on the other (float32 rounding) reads another tag's confidence next."""
    ours, theirs = ours.ravel(), theirs.ravel()
    for t in range(len(ours)):
        after_rounding = t + 1 < len(ours) and int(ours[t + 1]) != int(theirs[t + 1])
        if not after_rounding:
            assert abs(ours[t] - theirs[t]) <= CONFIDENCE_TOLERANCE, text


def assert_same_ranking(ours: List[dict], theirs: List[dict], key: str, text: str) -> None:
    """Same labels in the same order with the same confidences; labels whose confidences
    are equal within the tolerance (e.g. all 0.0 at the tail) may come in either order."""
    assert len(ours) == len(theirs), text
    for mine, rasa in zip(ours, theirs):
        assert abs(mine["confidence"] - rasa["confidence"]) <= CONFIDENCE_TOLERANCE, text
        if mine[key] != rasa[key]:
            SWAPS["ties"] += 1
            same = [r for r in theirs if r[key] == mine[key]]
            # a tie with its neighbour, or at the ranking's cut-off (ranked just after it)
            reference = same[0]["confidence"] if same else theirs[-1]["confidence"]
            assert abs(reference - mine["confidence"]) <= CONFIDENCE_TOLERANCE, text


def test_numpy_inference_equals_tensorflow_on_every_message(pipeline):
    runner, nodes, diet, selector, diet_tf, selector_tf = pipeline
    texts = all_texts()
    assert len(texts) > 1000
    worst = 0.0
    for text, message in featurised(runner, nodes["selector"], texts):
        for ours_model, rasa_model in ((diet, diet_tf), (selector, selector_tf)):
            ours, theirs = ours_model._predict(message), rasa_model._predict(message)
            difference = float(np.max(np.abs(ours["i_scores"] - theirs["i_scores"])))
            worst = max(worst, difference)
            assert difference <= CONFIDENCE_TOLERANCE, text
            for key in theirs:
                if key.startswith("e_") and key.endswith("_ids"):
                    assert np.array_equal(ours[key], theirs[key]), text
                elif key.startswith("e_"):
                    assert_same_entity_scores(ours[key], theirs[key], text)
            # What Rasa's own code makes of each output: the ranking and the entities.
            (label, ranking), (rasa_label, rasa_ranking) = (
                ours_model._predict_label(ours),
                rasa_model._predict_label(theirs),
            )
            assert abs(label["confidence"] - rasa_label["confidence"]) <= CONFIDENCE_TOLERANCE
            assert_same_ranking(ranking, rasa_ranking, "name", text)
            if ours_model is diet and diet.component_config.get("entity_recognition"):
                assert _same_entities(
                    diet._predict_entities(ours, copy_message(message)),
                    diet_tf._predict_entities(theirs, copy_message(message)),
                ), text
    print(
        f"{len(texts)} messages, largest confidence difference {worst:.2e}, "
        f"{SWAPS['ties']} ranking positions swapped between tied labels"
    )


def _same_entities(ours: List[dict], theirs: List[dict]) -> bool:
    """Same entities, values and spans. Their confidences are the token scores compared in
    assert_same_entity_scores, which allows for Rasa's rounding-dependent index."""
    plain = lambda e: {k: v for k, v in e.items() if not k.startswith("confidence")}  # noqa: E731
    return [plain(e) for e in ours] == [plain(e) for e in theirs]


def test_crf_decoding_equals_rasa_on_random_potentials():
    """Rasa's CRF decoding (tags and its per-token confidences), also for entity models
    this assistant has not trained yet: random potentials, lengths 1..8, padded rows."""
    import tensorflow as tf
    from rasa.utils.tensorflow.crf import crf_decode as rasa_crf_decode

    rng = np.random.default_rng(21)
    for _ in range(60):
        tags = int(rng.integers(2, 12))
        length = int(rng.integers(1, 9))
        rows = length + int(rng.integers(0, 2))  # the sentence row follows the tokens
        potentials = rng.normal(0, 3, (rows, tags)).astype(np.float32)
        transitions = rng.normal(0, 2, (tags, tags)).astype(np.float32)
        ids, scores = crf_decode(potentials, transitions, length)
        rasa_ids, rasa_scores, _ = rasa_crf_decode(
            tf.constant(potentials[np.newaxis]), tf.constant(transitions), tf.constant([length])
        )
        mask = np.arange(rows) < length
        assert np.array_equal(ids, rasa_ids.numpy()[0] * mask)
        assert np.allclose(scores, rasa_scores.numpy()[0] * mask, atol=1e-6)


def test_softmax_matches_tensorflow():
    import tensorflow as tf

    x = np.random.default_rng(3).normal(0, 5, (4, 30)).astype(np.float32)
    assert np.allclose(softmax(x), tf.nn.softmax(x).numpy(), atol=1e-7)
