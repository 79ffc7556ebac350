"""The chat-traffic evaluation (issue 16): messages written the way visitors type, never
trained on. tests/nlu/traffic/dev.yml is for tuning; test.yml gave the reported figures of
round 3 and, seen several times since, is a second development check; holdout.yml (an
independent writer's, committed unread in round 4) gave the reported figures of rounds 4-5
and guided round 6; holdout2.yml (a fourth writer's, committed unread, run once in round 6)
guided round 7; holdout3.yml (a fifth writer's, committed unread, run once in round 7) guided
round 8; holdout4.yml (a sixth writer's, committed unread, run once in round 8) guided
round 9; holdout5.yml (a seventh writer's, committed unread, run once in round 9) guided
round 10; holdout6.yml (an eighth writer's, committed unread, run once in round 10) guided
round 11; holdout7.yml (a ninth writer's, committed unread, run once in round 11) was
reported in round 11; holdout8.yml (a tenth writer's, committed unread, run once in round
12) guided round 13; holdout9.yml (an eleventh writer's, committed unread, run once in round
13) guided round 14; holdout10.yml (a twelfth writer's, committed unread, run once in round
14) gives the reported figures.

Per category: the share of messages whose intent (and, for FAQ questions, the answer the
response selector picks; for a named questionnaire, that questionnaire) is right. Writes a
table and a confusion-matrix picture to var/test-results/.

Also runnable against any model without pytest:
    .venv/bin/python tests/nlu/traffic_eval.py [dev|test|holdout|holdout2|...|holdout10] [models/current.tar.gz]
"""

from __future__ import annotations

import logging
import re
import string
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Dict, Iterator, List, Tuple

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/, when run as a script
from heldout_phrasings import MIN_WORDS_OF_A_PHRASING  # noqa: E402
from traffic_sets import PROJECT_DIR, RESULTS_DIR, load_set

MIN_CATEGORY_ACCURACY = 0.95

Parse = Callable[[str], dict]


def normalise(text: str) -> str:
    """Equal for near-duplicates: case, punctuation and whitespace do not count."""
    text = text.lower().translate(str.maketrans("", "", string.punctuation + "’‘“”–—"))
    return " ".join(text.split())


_ANNOTATION = re.compile(r"\[([^\]]+)\](?:\([^)]*\)|\{[^}]*\})")


def training_texts() -> Iterator[Tuple[Path, str]]:
    """Every NLU example in data/ as plain text (entity annotations removed). Lookup tables
    and synonyms (offices, carriers, providers) are not examples: a bare form answer such as
    a carrier's name may equal them, as the sets' headers allow."""
    for path in sorted((PROJECT_DIR / "data").rglob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for block in data.get("nlu") or []:
            if "intent" not in block:
                continue  # lookup tables and synonyms: the clinic's vocabulary, not examples
            for line in str(block.get("examples") or "").splitlines():
                if line.strip().startswith("- "):
                    yield path, _ANNOTATION.sub(r"\1", line.strip()[2:])


def heldout_texts(data: dict) -> List[str]:
    """The phrasings a visitor types in a set (three words or more: shorter messages, like a
    greeting or a bare form answer, are vocabulary the training data must contain)."""
    texts = [m["text"] for m in data["messages"]] + [m["text"] for m in data["multi_fact"]]
    for conversation in data["conversations"]:
        texts += conversation["turns"]
    return [text for text in texts if len(text.split()) >= MIN_WORDS_OF_A_PHRASING]


def predicted_label(parsed: dict) -> str:
    """The intent, or faq/<topic> as the response selector answers it."""
    intent = (parsed.get("intent") or {}).get("name") or ""
    if intent == "faq":
        selector = (parsed.get("response_selector") or {}).get("faq") or {}
        return (selector.get("response") or {}).get("intent_response_key") or "faq"
    return intent


@dataclass
class Evaluation:
    per_category: Dict[str, List[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    pairs: List[Tuple[str, str]] = field(default_factory=list)  # (expected, predicted)
    misses: List[str] = field(default_factory=list)

    def accuracy(self, category: str) -> float:
        correct, total = self.per_category[category]
        return correct / total

    def table(self) -> str:
        rows = [f"{'category':<20}{'correct':>8}{'total':>7}{'acc':>8}"]
        for category in sorted(self.per_category):
            correct, total = self.per_category[category]
            rows.append(f"{category:<20}{correct:>8}{total:>7}{correct / total:>8.1%}")
        correct = sum(c for c, _ in self.per_category.values())
        total = sum(n for _, n in self.per_category.values())
        rows.append(f"{'OVERALL':<20}{correct:>8}{total:>7}{correct / total:>8.1%}")
        return "\n".join(rows)


def evaluate(parse: Parse, data: dict) -> Evaluation:
    sys.path.insert(0, str(PROJECT_DIR))  # the project's actions, when run as a script
    from actions.assessment_answers import chosen_instrument

    result = Evaluation()
    for item in data["messages"]:
        predicted = predicted_label(parse(item["text"]))
        ok = predicted == item["intent"]
        if ok and item.get("instrument"):
            ok = chosen_instrument(item["text"]) == item["instrument"]
        result.per_category[item["category"]][0] += ok
        result.per_category[item["category"]][1] += 1
        result.pairs.append((item["intent"], predicted))
        if not ok:
            result.misses.append(f"{item['category']:<18} {item['intent']:<26} got {predicted}")
    return result


def write_report(name: str, result: Evaluation) -> str:
    """The table (and which intents the misses went to, never the messages' text, so the
    reported set's wording stays out of sight) plus the confusion-matrix picture."""
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    confusions = Counter(result.misses)
    lines = [f"{n} x {miss}" for miss, n in confusions.most_common()]
    report = f"Chat-traffic evaluation, {name} set\n\n{result.table()}\n"
    report += "\nMisses (expected -> predicted):\n" + "\n".join(lines) + "\n" if lines else ""
    (RESULTS_DIR / f"traffic_{name}.txt").write_text(report, encoding="utf-8")
    plot_confusion(result.pairs, RESULTS_DIR / f"traffic_{name}_confusion.png", name)
    return report


def plot_confusion(pairs: List[Tuple[str, str]], path: Path, name: str) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    labels = sorted({label for pair in pairs for label in pair})
    index = {label: i for i, label in enumerate(labels)}
    counts = [[0] * len(labels) for _ in labels]
    for expected, predicted in pairs:
        counts[index[expected]][index[predicted]] += 1
    size = max(8, len(labels) * 0.45)
    fig, ax = plt.subplots(figsize=(size, size))
    ax.imshow([[min(c, 20) for c in row] for row in counts], cmap="Blues")
    ax.set_xticks(range(len(labels)), labels, rotation=90, fontsize=7)
    ax.set_yticks(range(len(labels)), labels, fontsize=7)
    ax.set_xlabel("predicted")
    ax.set_ylabel("expected")
    ax.set_title(f"Chat-traffic intents, {name} set")
    for i, row in enumerate(counts):
        for j, count in enumerate(row):
            if count:
                ax.text(
                    j,
                    i,
                    str(count),
                    ha="center",
                    va="center",
                    fontsize=6,
                    color="white" if count > 10 else "black",
                )
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


if __name__ == "__main__":
    import asyncio

    sys.path.insert(0, str(PROJECT_DIR))  # the model references components.* from the project
    from rasa.core.agent import Agent
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.WARNING)  # its debug log carries the messages' texts
    set_name = sys.argv[1] if len(sys.argv) > 1 else "dev"
    model = sys.argv[2] if len(sys.argv) > 2 else str(PROJECT_DIR / "models" / "current.tar.gz")
    agent = Agent.load(model)
    loop = asyncio.new_event_loop()
    evaluation = evaluate(
        lambda text: loop.run_until_complete(agent.parse_message(text)), load_set(set_name)
    )
    print(write_report(set_name, evaluation))
