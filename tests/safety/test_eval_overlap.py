"""The evaluation sets stay unseen: nothing of them is in the training data or the lexicon.

- No eval message (any set in tests/safety/eval/), or a near-duplicate of one (case,
  punctuation, accents, whitespace), appears in the training data: data/ (DIET and the
  response selector) and risk_data/ (the risk classifier).
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
from heldout_phrasings import MIN_WORDS_OF_A_PHRASING
from safety_eval_harness import unseen

from clinic import danger_from_others, safety_lexicon, warning_signs
from clinic.safety_lexicon import normalise

ROOT = Path(__file__).resolve().parents[2]
EVAL_DIR = Path(__file__).resolve().parent / "eval"
FRAGMENT_WORDS = 4


def near_duplicate_key(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return " ".join(re.findall(r"[a-z0-9]+", text))


# Published or everyday wording a lexicon pattern may share with an eval message: the
# C-SSRS screener's own words and AFSP's "burden" warning sign, and phrases too common to
# point at any one message. A run of words added here must be one of those, never a test
# phrase's fragment.
SHARED_WORDING = {
    "go to sleep and",  # C-SSRS item 1: "go to sleep and not wake up"
    "do not wake up",  # ditto
    "everyone would be better",  # AFSP: "everyone would be better off without me"
    "i do not feel",
    "i do not know what to do",
    "did not wake up",  # C-SSRS item 1, past tense
    "gun to my head",  # the commonest firearm phrase, in the lexicon since round 1
    "over my dead body",  # a benign idiom the lexicon masks
    "ya no puedo mas",  # everyday Spanish for "I can't take it anymore"
    # In the lexicon since round 3, before holdout4 was written: everyday wording that
    # holdout4's writer also used.
    "go to sleep forever",  # the "sleep forever" family (C-SSRS item 1's wish)
    "by the end of",  # a deadline in the preparations family ("by the end of the month")
    # Round 6, written after holdout5's single run: the everyday phrase for carrying out a
    # plan ("saturday is the day i go through with it"), which holdout5's writer also used.
    "go through with it",
    # In the lexicon since round 1 ("not feel like i want to live"), before holdout6 was
    # written: everyday wording its writer also used.
    "feel like i want to",
    # Round 7: everyday Spanish for "it's not worth it", in the lexicon since round 1 ("no vale
    # la pena vivir"); now also "... seguir".
    "no vale la pena",
    # In the lexicon since round 1 (a whole-sentence decision, "i have made up my mind"), before
    # holdout7 was written: everyday wording its writer also used.
    "made up my mind",
    # Round 8: two dictionary idioms the lexicon now masks ("shot myself in the foot", "brought
    # me back from the dead"), flagged on holdout6 once it became a development set.
    "myself in the foot",
    "back from the dead",
    # In the lexicon since the first safety round (a decision stated as a whole clause), before holdout9 was
    # written: everyday wording its writer also used.
    "my mind is made up",
}


def eval_items() -> List[tuple]:
    """(set name, section, text) of every eval message."""
    out = []
    for path in sorted(EVAL_DIR.glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        out += [(path.stem, section, i["text"]) for section, items in data.items() for i in items]
    return out


def eval_messages() -> List[str]:
    return [text for _, _, text in eval_items()]


def shown(name: str, section: str, text: str) -> str:
    return f"{name}/{section}" + ("" if unseen(name) else f": {text}")


def training_lines() -> List[str]:
    lines = []
    for path in sorted([*(ROOT / "data").rglob("*.yml"), *(ROOT / "risk_data").rglob("*.yml")]):
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
    # One- and two-word messages are vocabulary, not phrasings (MIN_WORDS_OF_A_PHRASING).
    lines = set(training_lines())
    found = [
        shown(*item)
        for item in eval_items()
        if len(near_duplicate_key(item[2]).split()) >= MIN_WORDS_OF_A_PHRASING
        and near_duplicate_key(item[2]) in lines
    ]
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
            if run not in SHARED_WORDING
            and any(f" {run} " in message for message in normalised_eval)
        }
    )
    assert not fragments, fragments
