"""FAQ generalisation: held-out paraphrases must reach the right answer.

Each item in faq_heldout.yml must parse to intent `faq` AND the ResponseSelector must
pick `faq/<topic>`; the visitor only sees the right answer when both hold.

Also runnable against any model without pytest, e.g. an NLU-only experiment:
    .venv/bin/python tests/nlu/test_faq_heldout.py /tmp/faqmodel/nlu.tar.gz
"""

from __future__ import annotations

import re
import string
import sys
from collections import defaultdict
from pathlib import Path
from typing import Callable, Dict, List, Tuple

import yaml

PROJECT_DIR = Path(__file__).resolve().parents[2]
HELDOUT_FILE = Path(__file__).with_name("faq_heldout.yml")
FAQ_NLU_FILE = PROJECT_DIR / "data" / "nlu" / "faq.yml"
FAQ_RESPONSES_FILE = PROJECT_DIR / "data" / "responses" / "faq.yml"
REPORT_FILE = PROJECT_DIR / "var" / "test-results" / "faq_heldout.txt"
MIN_ACCURACY = 0.90
MIN_ITEMS_PER_TOPIC = 6

Parse = Callable[[str], dict]


def load_heldout() -> List[Dict[str, str]]:
    return yaml.safe_load(HELDOUT_FILE.read_text(encoding="utf-8"))


def normalise(text: str) -> str:
    text = text.lower().translate(str.maketrans("", "", string.punctuation + "’‘“”–—"))
    return " ".join(text.split())


def training_examples(path: Path) -> Dict[str, List[str]]:
    """Examples per intent of one Rasa NLU training file."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    found: Dict[str, List[str]] = {}
    for block in data.get("nlu") or []:
        if "intent" not in block:
            continue
        lines = str(block.get("examples") or "").splitlines()
        found[block["intent"]] = [
            line.strip()[2:] for line in lines if line.strip().startswith("- ")
        ]
    return found


def all_training_files() -> List[Path]:
    return sorted((PROJECT_DIR / "data").rglob("*.yml"))


def predicted_topic(parsed: dict) -> Tuple[str, str]:
    """(intent name, faq retrieval key or '') of one parse result."""
    intent = (parsed.get("intent") or {}).get("name") or ""
    selector = (parsed.get("response_selector") or {}).get("faq") or {}
    key = (selector.get("response") or {}).get("intent_response_key") or ""
    return intent, key


def evaluate(parse: Parse) -> Tuple[float, str, List[str]]:
    """Overall accuracy, a per-topic table, and the misses (text -> what was predicted)."""
    per_topic: Dict[str, List[int]] = defaultdict(lambda: [0, 0])
    misses: List[str] = []
    items = load_heldout()
    for item in items:
        intent, key = predicted_topic(parse(item["text"]))
        expected = f"faq/{item['topic']}"
        ok = intent == "faq" and key == expected
        per_topic[item["topic"]][0] += ok
        per_topic[item["topic"]][1] += 1
        if not ok:
            misses.append(f"{expected:<28} got intent={intent} key={key or '-'}: {item['text']}")
    correct = sum(c for c, _ in per_topic.values())
    accuracy = correct / len(items)
    rows = [f"{'topic':<24}{'correct':>8}{'total':>7}{'acc':>8}"]
    for topic in sorted(per_topic):
        c, n = per_topic[topic]
        rows.append(f"{topic:<24}{c:>8}{n:>7}{c / n:>8.0%}")
    rows.append(f"{'OVERALL':<24}{correct:>8}{len(items):>7}{accuracy:>8.1%}")
    return accuracy, "\n".join(rows), misses


def write_report(table: str, misses: List[str]) -> str:
    report = table + ("\n\nMisses:\n" + "\n".join(misses) if misses else "\n\nNo misses.") + "\n"
    REPORT_FILE.parent.mkdir(parents=True, exist_ok=True)
    REPORT_FILE.write_text(report, encoding="utf-8")
    return report


# --- tests that need no model -------------------------------------------------------------


def test_heldout_set_is_large_and_covers_every_topic():
    items = load_heldout()
    topics = {key.split("/", 1)[1] for key in training_examples(FAQ_NLU_FILE)}
    counts: Dict[str, int] = defaultdict(int)
    for item in items:
        counts[item["topic"]] += 1
    assert len(items) >= 120
    assert set(counts) == topics, "held-out topics must match the faq/<key> intents"
    thin = {t: n for t, n in counts.items() if n < MIN_ITEMS_PER_TOPIC}
    assert not thin, f"topics with fewer than {MIN_ITEMS_PER_TOPIC} held-out items: {thin}"


def test_heldout_texts_never_appear_in_training_data():
    # Equal after normalising, or (from four words on) embedded in a longer example.
    examples = [
        (path, normalise(text))
        for path in all_training_files()
        for texts in training_examples(path).values()
        for text in texts
    ]
    leaks = []
    for item in load_heldout():
        held = normalise(item["text"])
        for path, example in examples:
            embedded = len(held.split()) >= 4 and f" {held} " in f" {example} "
            if held == example or embedded:
                leaks.append(f"{path.relative_to(PROJECT_DIR)}: {item['text']}")
    assert not leaks, "held-out paraphrases found in training data:\n" + "\n".join(leaks)


def test_every_faq_intent_has_a_response_and_vice_versa():
    intents = set(training_examples(FAQ_NLU_FILE))
    responses = yaml.safe_load(FAQ_RESPONSES_FILE.read_text(encoding="utf-8"))["responses"]
    answered = {re.sub(r"^utter_", "", name) for name in responses}
    assert intents, "no faq/<key> intents found"
    assert intents - answered == set(), "faq intents without an answer"
    assert answered - intents == set(), "answers without training examples"
    for name, variants in responses.items():
        assert variants and all(v.get("text", "").strip() for v in variants), (
            f"{name} has an empty answer"
        )


# --- the model ------------------------------------------------------------------------------


def test_heldout_paraphrases_reach_the_right_answer(nlu_parse):
    accuracy, table, misses = evaluate(nlu_parse)
    print("\n" + write_report(table, misses))
    assert accuracy >= MIN_ACCURACY, (
        f"held-out FAQ accuracy {accuracy:.1%} < {MIN_ACCURACY:.0%}\n{table}"
    )


if __name__ == "__main__":
    import asyncio

    sys.path.insert(0, str(PROJECT_DIR))  # the model references components.* from the project
    from rasa.core.agent import Agent

    agent = Agent.load(
        sys.argv[1] if len(sys.argv) > 1 else str(PROJECT_DIR / "models" / "current.tar.gz")
    )
    loop = asyncio.new_event_loop()
    acc, table_text, missed = evaluate(
        lambda text: loop.run_until_complete(agent.parse_message(text))
    )
    print(write_report(table_text, missed))
