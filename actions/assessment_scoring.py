"""PHQ-9 and GAD-7: the instruments (actions/instruments.yml), scoring and severity bands.

Pure functions without Rasa, so the actions and the tests share one implementation.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple

import yaml

INSTRUMENTS_PATH = Path(__file__).resolve().with_name("instruments.yml")

# Band labels never shown to a visitor who reported thoughts of death or self-harm
# (PHQ-9 item 9): a reassuring word next to that answer would be misleading.
REASSURING_BANDS = frozenset({"minimal", "mild"})

# Both instruments score each item 0 ("Not at all") to 3 ("Nearly every day");
# parse_instrument_text checks the answer scale in instruments.yml agrees.
MAX_ITEM_SCORE = 3


@dataclass(frozen=True)
class Band:
    min: int
    label: str
    meaning: str


@dataclass(frozen=True)
class AnswerOption:
    score: int
    title: str
    also: Tuple[str, ...]


@dataclass(frozen=True)
class Instrument:
    key: str
    name: str
    topic: str
    button: str
    choice_words: Tuple[str, ...]
    stem: str
    items: Tuple[str, ...]
    safety_item: Optional[int]
    bands: Tuple[Band, ...]

    @property
    def max_score(self) -> int:
        return len(self.items) * MAX_ITEM_SCORE

    def band_for(self, score: int) -> Band:
        if not 0 <= score <= self.max_score:
            raise ValueError(f"{self.name} total must be 0..{self.max_score}, got {score}")
        return [band for band in self.bands if band.min <= score][-1]


@dataclass(frozen=True)
class SpanishText:
    """What a Spanish-speaking visitor reads around the (English) questionnaires (issue 19):
    instruments.yml `spanish`, the same messages as the English, each band's label and
    meaning in the order of the instrument's bands, and the choice buttons' titles."""

    disclaimer: str
    attribution: str
    buttons: Mapping[str, str]
    bands: Mapping[str, Tuple[Band, ...]]
    messages: Mapping[str, str]

    def band(self, instrument: "Instrument", band: "Band") -> Band:
        """The Spanish label and meaning of one of the instrument's bands."""
        return self.bands[instrument.key][instrument.bands.index(band)]


@dataclass(frozen=True)
class InstrumentText:
    """Everything in instruments.yml."""

    disclaimer: str
    attribution: str
    answer_scale: Tuple[AnswerOption, ...]
    instruments: Mapping[str, Instrument]
    messages: Mapping[str, str]
    spanish: SpanishText


@dataclass(frozen=True)
class AssessmentResult:
    instrument: Instrument
    item_scores: Tuple[int, ...]
    score: int
    band: Band
    item9_positive: bool

    @property
    def visitor_band_label(self) -> Optional[str]:
        """The band label a visitor may see: none that reassures after a positive item 9."""
        if self.item9_positive and self.band.label in REASSURING_BANDS:
            return None
        return self.band.label

    def as_record(self, completed_at: str) -> Dict[str, Any]:
        """The stored form (slot `assessment_results`, booking request `assessment`)."""
        return {
            "instrument": self.instrument.name,
            "score": self.score,
            "max_score": self.instrument.max_score,
            "band": self.band.label,
            "item9_positive": self.item9_positive,
            "item_scores": list(self.item_scores),
            "completed_at": completed_at,
        }


def score_answers(instrument: Instrument, item_scores: Sequence[int]) -> AssessmentResult:
    """Total, band and the item-9 rule for one fully answered questionnaire."""
    scores = tuple(item_scores)
    if len(scores) != len(instrument.items):
        raise ValueError(
            f"{instrument.name} needs {len(instrument.items)} answers, got {len(scores)}"
        )
    if any(
        not isinstance(s, int) or isinstance(s, bool) or not 0 <= s <= MAX_ITEM_SCORE
        for s in scores
    ):
        raise ValueError(f"{instrument.name} item scores must be integers 0..{MAX_ITEM_SCORE}")
    total = sum(scores)
    return AssessmentResult(
        instrument=instrument,
        item_scores=scores,
        score=total,
        band=instrument.band_for(total),
        item9_positive=any(
            is_safety_answer_positive(instrument, number, score)
            for number, score in enumerate(scores, start=1)
        ),
    )


def is_safety_answer_positive(instrument: Instrument, item_number: int, score: int) -> bool:
    """True when this answer (1-based item) is the safety item answered above "Not at all"."""
    return instrument.safety_item == item_number and score > 0


def _instrument(key: str, raw: Mapping[str, Any]) -> Instrument:
    bands = tuple(Band(int(b["min"]), str(b["label"]), str(b["meaning"])) for b in raw["bands"])
    if not bands or bands[0].min != 0 or [b.min for b in bands] != sorted({b.min for b in bands}):
        raise ValueError(f"{key}: bands must start at 0 and ascend")
    return Instrument(
        key=key,
        name=str(raw["name"]),
        topic=str(raw["topic"]),
        button=str(raw["button"]),
        choice_words=tuple(str(w) for w in raw["choice_words"]),
        stem=str(raw["stem"]),
        items=tuple(str(i) for i in raw["items"]),
        safety_item=raw.get("safety_item"),
        bands=bands,
    )


def _spanish(
    raw: Mapping[str, Any], instruments: Mapping[str, Instrument], messages
) -> SpanishText:
    spanish = SpanishText(
        disclaimer=str(raw["disclaimer"]),
        attribution=str(raw["attribution"]),
        buttons={key: str(raw["buttons"][key]) for key in instruments},
        bands={
            key: tuple(
                Band(band.min, str(es["label"]), str(es["meaning"]))
                for band, es in zip(instrument.bands, raw["bands"][key])
            )
            for key, instrument in instruments.items()
        },
        messages={key: str(value) for key, value in raw["messages"].items()},
    )
    if set(spanish.messages) != set(messages):
        raise ValueError("spanish.messages must have the same keys as messages")
    for key, instrument in instruments.items():
        if len(raw["bands"][key]) != len(instrument.bands):
            raise ValueError(f"spanish.bands.{key} must have one entry per band of {key}")
    return spanish


def parse_instrument_text(path: Path) -> InstrumentText:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    try:
        scale: List[AnswerOption] = [
            AnswerOption(int(o["score"]), str(o["title"]), tuple(str(a) for a in o.get("also", [])))
            for o in raw["answer_scale"]
        ]
        if sorted(o.score for o in scale) != list(range(MAX_ITEM_SCORE + 1)):
            raise ValueError(f"answer_scale must score 0..{MAX_ITEM_SCORE} once each")
        instruments = {key: _instrument(key, value) for key, value in raw["instruments"].items()}
        messages = {key: str(value) for key, value in raw["messages"].items()}
        return InstrumentText(
            disclaimer=str(raw["disclaimer"]),
            attribution=str(raw["attribution"]),
            answer_scale=tuple(scale),
            instruments=instruments,
            messages=messages,
            spanish=_spanish(raw["spanish"], instruments, messages),
        )
    except (KeyError, TypeError) as exc:
        raise ValueError(f"{path}: missing or malformed entry: {exc}") from exc


@lru_cache(maxsize=1)
def load_instrument_text() -> InstrumentText:
    return parse_instrument_text(INSTRUMENTS_PATH)
