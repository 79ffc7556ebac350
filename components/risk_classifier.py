"""NLU component: a learned detector of suicide-risk warning signs and danger from others.

A separate, small classifier rather than more intents for DIET (issue 17, round 3):
- it is trained on its own data (`risk_data/`, outside Rasa's `data/`) plus every NLU
  example of the assistant as "ordinary", so the intent classifier and its FAQ figures
  are untouched by the safety data;
- a logistic regression over word and character n-grams gives graded probabilities,
  where DIET's confidences saturate near 1.0 and cannot be thresholded;
- it trains in about a second, so `rasa train` stays fast.

It only scores. `components/crisis_override.py` reads the scores (`RISK_SCORES_KEY`) and
decides the tier, with the deterministic lexicon as the floor.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any, Dict, List, Optional, Text

import joblib
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.loading import load_data
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline, make_pipeline, make_union

RISK_SCORES_KEY = "risk_scores"
WARNING, DANGER, CRISIS, ORDINARY = "risk_warning", "danger_from_others", "crisis", "ordinary"
RISK_LABELS = (WARNING, DANGER, CRISIS)
MODEL_FILE = "risk_classifier.joblib"
# "/intent{...}" button payloads carry their intent explicitly: never scored or overridden.
BUTTON_PAYLOAD = re.compile(r"/\w+(?:\{.*\})?", re.DOTALL)


def risk_label(intent: Optional[Text]) -> Text:
    """Every intent that is not a risk label is an ordinary message for this classifier."""
    return intent if intent in RISK_LABELS else ORDINARY


def sample_weights(labels: List[Text], ordinary_ratio: float) -> List[float]:
    """Ordinary examples weigh, in total, `ordinary_ratio` times the risk examples.

    The thresholds in crisis_override.py were tuned at that proportion (2.33, issue 17
    round 3). Without a fixed proportion, every new everyday NLU example would lower every
    risk score a little: issue 16's ~1,200 booking examples alone cost 4 of 288 indirect
    messages of the reported safety set.
    """
    ordinary = labels.count(ORDINARY)
    weight = ordinary_ratio * (len(labels) - ordinary) / ordinary if ordinary else 1.0
    return [weight if label == ORDINARY else 1.0 for label in labels]


def data_files(data_dir: Text) -> List[Path]:
    return sorted(Path(data_dir).glob("**/*.yml"))


def build_pipeline(c: float) -> Pipeline:
    # Accents stripped: Spanish is typed with and without them.
    words = TfidfVectorizer(
        analyzer="word",
        ngram_range=(1, 2),
        sublinear_tf=True,
        strip_accents="unicode",
        token_pattern=r"(?u)\b\w+\b",
    )
    # Character n-grams inside word boundaries: robust to typos and run-together words.
    chars = TfidfVectorizer(
        analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, strip_accents="unicode", min_df=2
    )
    return make_pipeline(make_union(chars, words), LogisticRegression(C=c, max_iter=3000))


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class RiskClassifier(GraphComponent):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        # ordinary_ratio: the total weight of ordinary examples, in risk examples (below).
        return {"data_dir": "risk_data", "C": 10.0, "ordinary_ratio": 2.33}

    @classmethod
    def fingerprint_addon(cls, config: Dict[Text, Any]) -> Optional[str]:
        """Retrain when the risk data changes: Rasa does not see files outside `data/`."""
        digest = hashlib.sha256()
        for path in data_files(config.get("data_dir", "risk_data")):
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
        return digest.hexdigest()

    def __init__(
        self,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        pipeline: Optional[Pipeline] = None,
    ) -> None:
        self._config = config
        self._model_storage = model_storage
        self._resource = resource
        self._pipeline = pipeline

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "RiskClassifier":
        return cls({**cls.get_default_config(), **config}, model_storage, resource)

    @classmethod
    def load(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> "RiskClassifier":
        config = {**cls.get_default_config(), **config}
        try:
            with model_storage.read_from(resource) as directory:
                pipeline = joblib.load(directory / MODEL_FILE)
        except ValueError as error:
            raise RuntimeError(
                "the model has no trained risk classifier: run `make train`"
            ) from error
        return cls(config, model_storage, resource, pipeline)

    def train(self, training_data: TrainingData) -> Resource:
        texts, labels = training_examples(training_data, self._config["data_dir"])
        weights = sample_weights(labels, self._config["ordinary_ratio"])
        self._pipeline = build_pipeline(self._config["C"]).fit(
            texts, labels, logisticregression__sample_weight=weights
        )
        with self._model_storage.write_to(self._resource) as directory:
            joblib.dump(self._pipeline, directory / MODEL_FILE)
        return self._resource

    def process(self, messages: List[Message]) -> List[Message]:
        texts = [m.get(TEXT) or "" for m in messages]
        scored = [i for i, text in enumerate(texts) if text and not BUTTON_PAYLOAD.fullmatch(text)]
        if not scored or self._pipeline is None:
            return messages
        probabilities = self._pipeline.predict_proba([texts[i] for i in scored])
        classes = list(self._pipeline.classes_)
        for i, row in zip(scored, probabilities):
            messages[i].set(RISK_SCORES_KEY, {c: float(p) for c, p in zip(classes, row)})
        return messages


def training_examples(training_data: TrainingData, data_dir: Text) -> tuple[list, list]:
    """The assistant's own NLU examples (ordinary, or crisis) plus the risk data."""
    texts, labels = [], []
    sources = [training_data, *(load_data(str(path)) for path in data_files(data_dir))]
    for source in sources:
        for message in source.intent_examples:
            texts.append(message.get(TEXT))
            labels.append(risk_label(message.get(INTENT)))
    return texts, labels
