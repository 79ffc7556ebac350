"""The forward pass of a trained DIET / ResponseSelector model in numpy and scipy.

Rasa runs a DIET model through TensorFlow: for the small models of this assistant (no
transformer layers) most of the ~9 ms of NLU per message is TensorFlow's per-call dispatch,
not arithmetic. After training, the weights are exported (`export_model`) and this module
computes the same function with scipy sparse products and numpy:

    text  -> sparse (and dense) features, sequence and sentence level
          -> DenseForSparse per level (+ the unify-dims layers if the two sizes differ)
          -> sequence rows, then the sentence row  -> Ffnn (gelu, masked kernels)
    intent: last row -> embed.text -> similarity with the label embeddings -> softmax
    entities: every token row -> embed.<tag>.logits -> Rasa's CRF decoding (Viterbi with
              Rasa's per-token confidences), role and group heads fed the predicted
              entity tags, as Rasa does.

Only the inference graph of models with no transformer layers is supported
(`UnsupportedModel` otherwise: the component then keeps Rasa's TensorFlow path). Every
size comes from the exported weights, nothing from today's config.yml.
Arithmetic is float32, as in TensorFlow; tests/components/test_numpy_inference.py checks
intent and response rankings, confidences and entities against Rasa's own model.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Sequence, Tuple

import numpy as np
import scipy.sparse
from scipy.special import erf

SEQUENCE, SENTENCE = "sequence", "sentence"
ENTITY_TYPE_TAG = "entity"
_SQRT2 = np.float32(math.sqrt(2.0))


class UnsupportedModel(Exception):
    """The trained model has a part this module does not compute (e.g. a transformer)."""


def gelu(x: np.ndarray) -> np.ndarray:
    # tf.nn.gelu(approximate=False): 0.5 x (1 + erf(x / sqrt(2)))
    return (np.float32(0.5) * x * (np.float32(1.0) + erf(x / _SQRT2))).astype(np.float32)


def softmax(x: np.ndarray, axis: int = -1) -> np.ndarray:
    shifted = x - np.max(x, axis=axis, keepdims=True)
    exps = np.exp(shifted)
    return flush_denormals((exps / np.sum(exps, axis=axis, keepdims=True)).astype(np.float32))


def flush_denormals(x: np.ndarray) -> np.ndarray:
    """TensorFlow runs with denormal float32 flushed to zero: 1e-39 is 0.0 there."""
    x[np.abs(x) < np.finfo(np.float32).tiny] = 0.0
    return x


@dataclass
class Dense:
    kernel: np.ndarray  # (in, out) float32
    bias: Optional[np.ndarray]
    activation: Optional[str] = None  # None or "gelu"

    def __call__(self, x: Any) -> np.ndarray:
        if scipy.sparse.issparse(x):
            # CSR: one pass over the nonzeros for all output columns (a COO matrix would
            # make one pass per column: measured 30x slower here).
            out = np.asarray(x.tocsr().astype(np.float32) @ self.kernel, dtype=np.float32)
        else:
            out = np.asarray(x, dtype=np.float32) @ self.kernel
        if self.bias is not None:
            out = out + self.bias
        if self.activation == "gelu":
            out = gelu(out)
        return out


def run_layers(layers: Sequence[Dense], x: np.ndarray) -> np.ndarray:
    for layer in layers:
        x = layer(x)
    return x


@dataclass
class FeatureLevel:
    """One level (sequence or sentence) of ConcatenateSparseDenseFeatures + unify dims."""

    is_sparse: List[bool]  # the signature's features, in order
    sparse_to_dense: Optional[Dense]
    unify: List[Dense]

    def __call__(self, features: Sequence[Any]) -> np.ndarray:
        parts = []
        for sparse, feature in zip(self.is_sparse, features):
            if sparse:
                parts.append(self.sparse_to_dense(feature))
            else:
                parts.append(np.asarray(feature, dtype=np.float32))
        combined = parts[0] if len(parts) == 1 else np.concatenate(parts, axis=-1)
        return run_layers(self.unify, combined)


@dataclass
class EntityHead:
    name: str
    logits: Dense
    transitions: np.ndarray  # (tags, tags)
    tags_embed: Optional[Dense]  # the role/group heads read the predicted entity tags
    num_tags: int


@dataclass
class NumpyDietModel:
    levels: Dict[str, FeatureLevel]  # SEQUENCE and/or SENTENCE of the text
    ffnn: List[Dense]
    embed_text: Optional[Dense]
    labels_embed: Optional[np.ndarray]  # (labels, embedding)
    similarity_type: str  # "inner" or "cosine"
    model_confidence: str  # "softmax" or "linear"
    sentence_row_for_label: bool  # DIET: yes; DIET2DIET (response selector): last token
    entity_heads: List[EntityHead]

    # --- forward pass ---------------------------------------------------------------
    def transform_text(
        self, sequence: Sequence[Any], sentence: Sequence[Any]
    ) -> Tuple[np.ndarray, int, int]:
        """The rows of Rasa's `text_transformed` for one message, and the two lengths."""
        rows = []
        seq_len = sent_len = 0
        if SEQUENCE in self.levels and sequence:
            seq = self.levels[SEQUENCE](sequence)
            seq_len = seq.shape[0]
            rows.append(seq)
        if SENTENCE in self.levels and sentence:
            rows.append(self.levels[SENTENCE](sentence))
            sent_len = 1
        x = rows[0] if len(rows) == 1 else np.concatenate(rows, axis=0)
        return run_layers(self.ffnn, x), seq_len, sent_len

    def similarities(self, text_transformed: np.ndarray, seq_len: int, sent_len: int) -> np.ndarray:
        last = seq_len + sent_len if self.sentence_row_for_label else seq_len
        vector = text_transformed[max(0, last - 1)]
        embedded = self.embed_text(vector[np.newaxis, :])[0]
        labels = self.labels_embed
        if self.similarity_type == "cosine":
            embedded = _l2_normalize(embedded)
            labels = _l2_normalize(labels)
        sims = (labels * embedded[np.newaxis, :]).sum(axis=-1, dtype=np.float32)
        if self.model_confidence == "softmax":
            return softmax(sims)
        return flush_denormals(sims.astype(np.float32))

    def entities(self, text_transformed: np.ndarray, seq_len: int) -> Dict[str, np.ndarray]:
        out: Dict[str, np.ndarray] = {}
        entity_tags = None
        for head in self.entity_heads:
            x = text_transformed
            if entity_tags is not None and head.tags_embed is not None:
                x = np.concatenate([x, head.tags_embed(entity_tags)], axis=-1)
            potentials = head.logits(x)
            ids, scores = crf_decode(potentials, head.transitions, seq_len)
            out[f"e_{head.name}_ids"] = ids[np.newaxis, :]
            out[f"e_{head.name}_scores"] = scores[np.newaxis, :]
            if head.name == ENTITY_TYPE_TAG:
                entity_tags = np.eye(head.num_tags, dtype=np.float32)[ids]
        return out


def _l2_normalize(x: np.ndarray) -> np.ndarray:
    # tf.nn.l2_normalize: x / sqrt(max(sum(x**2), 1e-12))
    square_sum = np.sum(x * x, axis=-1, keepdims=True)
    return (x / np.sqrt(np.maximum(square_sum, np.float32(1e-12)))).astype(np.float32)


def crf_decode(
    potentials: np.ndarray, transitions: np.ndarray, length: int
) -> Tuple[np.ndarray, np.ndarray]:
    """rasa.utils.tensorflow.crf.crf_decode for one sequence, with the CRF layer's mask.

    potentials: (rows, tags), rows >= length (the sentence row follows the tokens).
    Returns tag ids and confidences per row; rows from `length` on are 0, as Rasa masks
    them. Rasa's confidences are reproduced exactly, including its backward scan over
    the scores, which indexes each step by the previous step's *score* cast to int.
    """
    rows, num_tags = potentials.shape
    ids = np.zeros(rows, dtype=np.int64)
    scores = np.zeros(rows, dtype=np.float32)
    if length <= 0:
        return ids, scores
    if rows == 1:
        ids[0] = int(np.argmax(potentials[0]))
        scores[0] = np.max(softmax(potentials[0]))
        return ids, scores

    state = potentials[0].astype(np.float32)
    backpointers, step_scores = [], []
    for t in range(1, length):
        transition_scores = state[:, np.newaxis] + transitions  # (prev, next)
        backpointers.append(np.argmax(transition_scores, axis=0))
        step_scores.append(np.max(softmax(transition_scores, axis=0), axis=0))
        state = (potentials[t] + np.max(transition_scores, axis=0)).astype(np.float32)

    tag = int(np.argmax(state))
    ids[length - 1] = tag
    scores[length - 1] = np.max(softmax(state))
    score_index = tag  # Rasa's scan over scores starts from the last tag, then ...
    for t in range(length - 1, 0, -1):
        tag = int(backpointers[t - 1][tag])
        ids[t - 1] = tag
        value = step_scores[t - 1][score_index]
        scores[t - 1] = value
        score_index = int(value)  # ... continues from the score value (tf.cast truncates)
    return ids, scores


# --- export (training time: reads Rasa's TensorFlow model) --------------------------------


def _dense_arrays(layer: Any, activation: Optional[str]) -> Dict[str, np.ndarray]:
    kernel = layer.kernel.numpy()
    mask = getattr(layer, "kernel_mask", None)
    if mask is not None and getattr(layer, "density", 1.0) < 1.0:
        kernel = kernel * mask.numpy()  # RandomlyConnectedDense applies its mask in call()
    arrays = {"kernel": kernel.astype(np.float32)}
    if getattr(layer, "use_bias", False) and layer.bias is not None:
        arrays["bias"] = layer.bias.numpy().astype(np.float32)
    name = getattr(layer.activation, "__name__", "linear")
    if (activation == "gelu") != (name == "gelu") or name not in ("gelu", "linear"):
        raise UnsupportedModel(f"activation {name} in {layer.name}")
    return arrays


def _ffnn_arrays(ffnn: Any, prefix: str, spec: List, arrays: Dict[str, np.ndarray]) -> None:
    for layer in ffnn._ffn_layers:
        if not hasattr(layer, "kernel"):
            continue  # dropout: identity at inference
        index = len(spec)
        for key, value in _dense_arrays(layer, "gelu").items():
            arrays[f"{prefix}.{index}.{key}"] = value
        spec.append(index)


def export_model(model: Any, sentence_row_for_label: bool) -> Tuple[dict, Dict[str, np.ndarray]]:
    """The weights of a trained Rasa DIET/DIET2DIET model, as a JSON spec and arrays."""
    from rasa.shared.nlu.constants import TEXT

    arrays: Dict[str, np.ndarray] = {}
    spec: Dict[str, Any] = {"format": 1, "sentence_row_for_label": sentence_row_for_label}
    text_layer = model._tf_layers[f"sequence_layer.{TEXT}"]
    if text_layer._has_transformer:
        raise UnsupportedModel("transformer layers")
    combining = text_layer._tf_layers[text_layer.FEATURE_COMBINING]
    spec["levels"] = {}
    for level in (SEQUENCE, SENTENCE):
        if not combining._feature_types_present[level]:
            continue
        concat = combining._tf_layers[f"sparse_dense.{level}"]
        signature = model.data_signature[TEXT][level]
        level_spec: Dict[str, Any] = {"is_sparse": [bool(s.is_sparse) for s in signature]}
        sparse_to_dense = concat._tf_layers.get(concat.SPARSE_TO_DENSE)
        if sparse_to_dense is not None:
            for key, value in _dense_arrays(sparse_to_dense, None).items():
                arrays[f"text.{level}.sparse_to_dense.{key}"] = value
        level_spec["unify"] = []
        unify = combining._tf_layers.get(f"unify_dims_before_seq_sent_concat.{level}")
        if unify is not None:
            _ffnn_arrays(unify, f"text.{level}.unify", level_spec["unify"], arrays)
        spec["levels"][level] = level_spec
    spec["ffnn"] = []
    _ffnn_arrays(text_layer._tf_layers[text_layer.FFNN], "text.ffnn", spec["ffnn"], arrays)

    spec["intents"] = "embed.text" in model._tf_layers and "loss.label" in model._tf_layers
    if spec["intents"]:
        for key, value in _dense_arrays(model._tf_layers["embed.text"]._dense, None).items():
            arrays[f"embed.text.{key}"] = value
        model._training = False
        _, labels_embed = model._create_all_labels()
        arrays["labels_embed"] = np.asarray(labels_embed, dtype=np.float32)
        loss = model._tf_layers["loss.label"]
        spec["similarity_type"] = loss.similarity_type
        spec["model_confidence"] = loss.model_confidence

    spec["entity_heads"] = []
    for tag_spec in model._entity_tag_specs or []:
        if tag_spec.num_tags == 0:
            continue
        name = tag_spec.tag_name
        for key, value in _dense_arrays(
            model._tf_layers[f"embed.{name}.logits"]._dense, None
        ).items():
            arrays[f"entity.{name}.logits.{key}"] = value
        arrays[f"entity.{name}.transitions"] = (
            model._tf_layers[f"crf.{name}"].transition_params.numpy().astype(np.float32)
        )
        if name != ENTITY_TYPE_TAG:
            for key, value in _dense_arrays(
                model._tf_layers[f"embed.{name}.tags"]._dense, None
            ).items():
                arrays[f"entity.{name}.tags.{key}"] = value
        spec["entity_heads"].append({"name": name, "num_tags": int(tag_spec.num_tags)})
    return spec, arrays


def _dense(arrays: Dict[str, np.ndarray], prefix: str, activation: Optional[str] = None) -> Dense:
    return Dense(arrays[f"{prefix}.kernel"], arrays.get(f"{prefix}.bias"), activation)


def build_model(spec: dict, arrays: Dict[str, np.ndarray]) -> NumpyDietModel:
    if spec.get("format") != 1:
        raise UnsupportedModel(f"export format {spec.get('format')}")
    levels = {}
    for level, level_spec in spec["levels"].items():
        prefix = f"text.{level}.sparse_to_dense"
        levels[level] = FeatureLevel(
            is_sparse=list(level_spec["is_sparse"]),
            sparse_to_dense=_dense(arrays, prefix) if f"{prefix}.kernel" in arrays else None,
            unify=[_dense(arrays, f"text.{level}.unify.{i}", "gelu") for i in level_spec["unify"]],
        )
    heads = [
        EntityHead(
            name=head["name"],
            logits=_dense(arrays, f"entity.{head['name']}.logits"),
            transitions=arrays[f"entity.{head['name']}.transitions"],
            tags_embed=(
                _dense(arrays, f"entity.{head['name']}.tags")
                if f"entity.{head['name']}.tags.kernel" in arrays
                else None
            ),
            num_tags=head["num_tags"],
        )
        for head in spec["entity_heads"]
    ]
    return NumpyDietModel(
        levels=levels,
        ffnn=[_dense(arrays, f"text.ffnn.{i}", "gelu") for i in spec["ffnn"]],
        embed_text=_dense(arrays, "embed.text") if spec["intents"] else None,
        labels_embed=arrays.get("labels_embed"),
        similarity_type=spec.get("similarity_type", "inner"),
        model_confidence=spec.get("model_confidence", "softmax"),
        sentence_row_for_label=spec["sentence_row_for_label"],
        entity_heads=heads,
    )
