"""DIETClassifier and ResponseSelector that train as Rasa's and infer without TensorFlow.

Training, featurisation, ranking, entity decoding and everything written into a message
are Rasa's own code (these are subclasses); what changes is how a trained model is loaded
and run. When persisting, the trained TensorFlow model is saved as Rasa saves it and its
weights are also exported (`numpy_weights.npz`, `numpy_spec.json`). When loading, the
exported weights are read and no TensorFlow model is built; `_predict` computes the same
outputs (`i_scores`, `e_<tag>_ids`, `e_<tag>_scores`) with components/numpy_inference.py.
A model the numpy path cannot compute (transformer layers) is loaded and run by Rasa's
TensorFlow code, unchanged.

Measured on this assistant: bench/nlu_inference.py (the note of issue 21 has the figures).
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path
from typing import Any, Dict, List, Optional, Text

import numpy as np
from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.diet_classifier import DIETClassifier
from rasa.nlu.selectors.response_selector import DIET2DIET, ResponseSelector
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.utils import train_utils
from rasa.utils.tensorflow.constants import SENTENCE, SEQUENCE, SEQUENCE_LENGTH
from threadpoolctl import threadpool_limits

from components.numpy_inference import (
    NumpyDietModel,
    UnsupportedModel,
    build_model,
    export_model,
)

logger = logging.getLogger(__name__)

SPEC_FILE, WEIGHTS_FILE = "numpy_spec.json", "numpy_weights.npz"


class NumpyInference:
    """Mixin for DIETClassifier and its subclasses (ResponseSelector)."""

    _numpy_model: Optional[NumpyDietModel] = None

    def persist(self) -> None:
        super().persist()  # Rasa's files, the TensorFlow model included
        if self.model is None:
            return
        try:
            spec, arrays = export_model(
                self.model, sentence_row_for_label=not isinstance(self.model, DIET2DIET)
            )
        except UnsupportedModel as reason:
            logger.info(f"{type(self).__name__}: inference stays on TensorFlow ({reason}).")
            return
        with self._model_storage.write_to(self._resource) as model_path:
            np.savez(model_path / WEIGHTS_FILE, **arrays)
            (model_path / SPEC_FILE).write_text(json.dumps(spec))

    @classmethod
    def _load(
        cls,
        model_path: Path,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ):
        numpy_model = cls._read_numpy_model(model_path)
        if numpy_model is None or execution_context.is_finetuning:
            return super()._load(model_path, config, model_storage, resource, execution_context)
        file_name = cls.__name__
        index_label_id_mapping = {
            int(key): value
            for key, value in _read_json(
                model_path / f"{file_name}.index_label_id_mapping.json"
            ).items()
        }
        entity_tag_specs = cls._read_entity_tag_specs(
            model_path / f"{file_name}.entity_tag_specs.json"
        )
        config = train_utils.update_confidence_type(config)
        config = train_utils.update_similarity_type(config)
        component = cls(
            config=config,
            model_storage=model_storage,
            resource=resource,
            execution_context=execution_context,
            index_label_id_mapping=index_label_id_mapping,
            entity_tag_specs=entity_tag_specs,
            model=None,
            sparse_feature_sizes=_read_json(model_path / f"{file_name}.sparse_feature_sizes.json"),
        )
        component._numpy_model = numpy_model
        # The products are tiny: BLAS threads only spin (measured: 11.5 -> 7.7 ms CPU per
        # parse with one thread). TensorFlow keeps its own thread pools.
        threadpool_limits(limits=1, user_api="blas")
        return component

    @staticmethod
    def _read_numpy_model(model_path: Path) -> Optional[NumpyDietModel]:
        if os.environ.get("RASA_NUMPY_INFERENCE", "1") == "0":
            return None  # Rasa's TensorFlow inference (bench/nlu_inference.py compares)
        spec_file, weights_file = model_path / SPEC_FILE, model_path / WEIGHTS_FILE
        if not (spec_file.exists() and weights_file.exists()):
            return None
        with np.load(weights_file) as stored:
            arrays = {key: stored[key] for key in stored.files}
        try:
            return build_model(json.loads(spec_file.read_text()), arrays)
        except UnsupportedModel:
            return None

    @staticmethod
    def _read_entity_tag_specs(path: Path) -> List:
        from rasa.nlu.extractors.extractor import EntityTagSpec

        return [
            EntityTagSpec(
                tag_name=spec["tag_name"],
                ids_to_tags={int(key): value for key, value in spec["ids_to_tags"].items()},
                tags_to_ids={key: int(value) for key, value in spec["tags_to_ids"].items()},
                num_tags=spec["num_tags"],
            )
            for spec in _read_json(path)
        ]

    def _predict(self, message: Message) -> Optional[Dict[Text, Any]]:
        if self._numpy_model is None:
            return super()._predict(message)
        model_data = self._create_model_data([message], training=False)
        if model_data.is_empty():
            return None
        text = model_data.data[TEXT]
        sequence = [features[0] for features in text.get(SEQUENCE, [])]
        sentence = [features[0] for features in text.get(SENTENCE, [])]
        model = self._numpy_model
        transformed, seq_len, sent_len = model.transform_text(sequence, sentence)
        lengths = text.get(SEQUENCE_LENGTH)
        if lengths:
            seq_len = int(lengths[0][0])
        out: Dict[Text, Any] = {}
        if model.embed_text is not None:
            out["i_scores"] = model.similarities(transformed, seq_len, sent_len)[np.newaxis, :]
        out.update(model.entities(transformed, seq_len))
        out["diagnostic_data"] = {
            "attention_weights": None,
            "text_transformed": transformed[np.newaxis],
        }
        return out


def _read_json(path: Path) -> Any:
    return json.loads(Path(path).read_text())


@DefaultV1Recipe.register(
    [
        DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER,
        DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR,
    ],
    is_trainable=True,
)
class NumpyDIETClassifier(NumpyInference, DIETClassifier):
    """Rasa's DIETClassifier; inference in numpy (see the module docstring)."""


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class NumpyResponseSelector(NumpyInference, ResponseSelector):
    """Rasa's ResponseSelector; inference in numpy (see the module docstring)."""
