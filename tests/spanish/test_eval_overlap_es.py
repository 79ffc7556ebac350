"""The Spanish evaluation sets stay unseen: none of their messages is in the training data.

No message of tests/spanish/*.yml, nor a near-duplicate of one (case, punctuation,
accents, whitespace), nor one embedded whole in a longer example (from four words on),
appears in data/ (DIET, the response selector) or risk_data/ (the risk classifier).
Messages of one or two words ("hola", "gracias", "cancela") are vocabulary the training
data must contain, not phrasings (tests/heldout_phrasings.py).
A leak from a held-out set (test.yml, holdout.yml) is named by section only, never by its text.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Iterator, List, Tuple

import yaml
from heldout_phrasings import MIN_WORDS_OF_A_PHRASING
from safety_eval_harness import unseen as independent_writers_set

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]


def unseen(name: str) -> bool:
    """The sets whose texts are never printed: the held-out test set and every independent
    writer's holdout*.yml (the safety harness's rule, so a new set is covered the moment it
    exists)."""
    return name == "test" or independent_writers_set(name)


def key(text: str) -> str:
    text = unicodedata.normalize("NFKD", str(text))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return " ".join(re.findall(r"[a-z0-9]+", text))


def training_examples() -> Iterator[Tuple[str, str]]:
    for folder in ("data", "risk_data"):
        for path in sorted((ROOT / folder).rglob("*.yml")):
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            for block in data.get("nlu") or []:
                for line in str(block.get("examples") or "").splitlines():
                    if line.strip().startswith("- "):
                        yield str(path.relative_to(ROOT)), key(line.strip()[2:])


def eval_items() -> List[Tuple[str, str, str]]:
    items = []
    for path in sorted(HERE.glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        items += [
            (path.stem, section, key(i["text"])) for section, rows in data.items() for i in rows
        ]
    return items


def test_no_evaluation_message_is_in_the_training_data():
    examples = list(training_examples())
    assert examples, "no training examples found"
    leaks = []
    for name, section, held in eval_items():
        if len(held.split()) < MIN_WORDS_OF_A_PHRASING:
            continue
        for where, example in examples:
            embedded = len(held.split()) >= 4 and f" {held} " in f" {example} "
            if held == example or embedded:
                shown = f"a {section} message" if unseen(name) else repr(held)
                leaks.append(f"{where}: {name}.yml {shown}")
    assert not leaks, "evaluation messages found in training data:\n" + "\n".join(leaks)
