"""The evaluation sets stay unseen: nothing of them is in the training data or the lexicon.

- No eval message (dev or test), or a near-duplicate of one (case, punctuation, accents,
  whitespace), appears in data/.
- No run of FRAGMENT_WORDS or more literal words in a lexicon pattern appears verbatim in
  an eval message (after the lexicon's own normalisation): patterns describe families of
  expressions, not the sentences they are measured on.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Iterator, List

import pytest
import yaml

from clinic import danger_from_others, safety_lexicon, warning_signs
from clinic.safety_lexicon import normalise

ROOT = Path(__file__).resolve().parents[2]
EVAL_DIR = Path(__file__).resolve().parent / "eval"
FRAGMENT_WORDS = 4


def near_duplicate_key(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return " ".join(re.findall(r"[a-z0-9]+", text))


def eval_messages() -> List[str]:
    out = []
    for name in ("dev", "test"):
        data = yaml.safe_load((EVAL_DIR / f"{name}.yml").read_text(encoding="utf-8"))
        out += [item["text"] for items in data.values() for item in items]
    return out


def training_lines() -> List[str]:
    lines = []
    for path in sorted((ROOT / "data").rglob("*.yml")):
        for line in path.read_text(encoding="utf-8").splitlines():
            key = near_duplicate_key(line.strip().lstrip("- "))
            if key:
                lines.append(key)
    return lines


def literal_runs(pattern: str) -> Iterator[str]:
    """Runs of plain words in a regex source (what it matches literally)."""
    plain = re.sub(r"\\[a-zA-Z]", "|", pattern)
    for chunk in re.split(r"[()\[\]|?*+{}^$.:!<=\\,]", plain):
        words = [w for w in chunk.split() if re.fullmatch(r"[a-z0-9]+", w)]
        if len(words) >= FRAGMENT_WORDS and " ".join(words) == " ".join(chunk.split()):
            yield " ".join(words)


def lexicon_sources() -> List[str]:
    sources = [p for p, _ in safety_lexicon.SPANISH_PATTERNS + safety_lexicon.ENGLISH_PATTERNS]
    sources += safety_lexicon.BENIGN_IDIOMS + danger_from_others.PATTERNS
    for _, alone, pairs in warning_signs.FAMILIES:
        sources += alone + [part for pair in pairs for part in pair]
    return sources


def test_eval_sets_are_not_in_the_training_data():
    lines = set(training_lines())
    found = [m for m in eval_messages() if near_duplicate_key(m) in lines]
    assert not found, found


@pytest.fixture(scope="module")
def normalised_eval():
    return [f" {normalise(m).replace(' | ', ' ')} " for m in eval_messages()]


def test_no_lexicon_pattern_holds_a_fragment_of_an_eval_message(normalised_eval):
    fragments = sorted(
        {
            run
            for source in lexicon_sources()
            for run in literal_runs(source)
            if any(f" {run} " in message for message in normalised_eval)
        }
    )
    assert not fragments, fragments
