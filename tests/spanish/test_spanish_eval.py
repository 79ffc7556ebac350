"""Issue 19 evaluation: the frozen Spanish sets through the production path, per section.

Sets (this folder): dev.yml guides the work; test.yml was the reported set of rounds 1-4
(its figures were seen several times, a few of its misses in a failing assertion: now a
secondary check); holdout.yml, written by an independent writer after that and committed
unread, was the reported set of round 5, holdout2.yml, a second independent writer's, that of
round 6 (its misses guided round 7), holdout3.yml, a third independent writer's, that of
round 7 (its misses guided round 8), holdout4.yml, a fourth independent writer's, that of
round 8 (its misses guided round 9), holdout5.yml, a fifth independent writer's, that of
round 9 (its misses guided round 10), holdout6.yml, a sixth independent writer's, that of
round 10 (its misses guided round 11), holdout7.yml, a seventh independent writer's, that of
round 11 (its misses guided round 12), holdout8.yml, an eighth independent writer's, that
of round 12 (its misses guided round 13), holdout9.yml, a ninth independent writer's, that of
round 13 (its misses guided round 14), and holdout10.yml, a tenth independent writer's,
committed unread and run once in round 14, is the reported set now. None of them is read
while tuning or printed (their misses are counted, not shown). Each message starts a
fresh conversation with no language hint (the hardest case: an English page, an English
browser), through the trained model, RulePolicy and the real actions in-process
(tests/safety/safety_eval_harness.py). A message is right when:
- faq / code_switching / other_paths: the model's intent (faq: the response selector's
  faq/<topic>) is the expected one;
- booking_start / multi_fact: the booking form starts; multi_fact also counts the facts
  the request holds after that first turn (`facts`);
- crisis: explicit -> the crisis reply; indirect -> the screening question or the crisis reply;
- decoys: neither.
"Spanish" is the share of answers in Spanish (the `language` slot is "es" after the turn,
so the conditional Spanish variations answered; crisis: the Spanish reply's wording).

Figures go to var/test-results/spanish_eval_<set>.md. Targets: FAQ and booking starts
>= 95 %, crisis 100 %, no decoy. Floors are what the model CI trains measured, less the
spread between trainings (MEASURED below); the gap to the target is reported, not hidden.

    .venv/bin/python tests/spanish/test_spanish_eval.py [dev|test|holdout|holdout2|...|holdout10] [model.tar.gz]
"""

from __future__ import annotations

import sys
import unicodedata
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List

import pytest
import yaml

# The frozen sets run in their own process beside the other tests (Makefile, `pytest`).
pytestmark = pytest.mark.evaluation

HERE = Path(__file__).resolve().parent
PROJECT_DIR = HERE.parents[1]
RESULTS_DIR = PROJECT_DIR / "var" / "test-results"
SECTIONS = (
    "faq",
    "booking_start",
    "multi_fact",
    "crisis",
    "decoys",
    "code_switching",
    "other_paths",
)
TARGET_PERCENT = {"faq": 95, "booking_start": 95, "crisis": 100, "decoys": 100}
# Right answers per section on the model CI trains from this commit's inputs (round 14):
# a section fails below its figure less the training spread (tests/measured_floors.py),
# five messages where the intent classifier decides and two where the lexicon does
# (LEXICON_SECTIONS). Earlier rounds' figures are in docs/spanish.md; the gap to the
# target is reported, never hidden by a lower floor.
MEASURED: Dict[str, Dict[str, int]] = {
    # holdout10: the reported set, run once in round 14 on the round-14 model (r24)
    "holdout10": {
        "faq": 202,
        "booking_start": 61,
        "multi_fact": 39,
        "crisis": 82,
        "decoys": 55,
        "code_switching": 39,
        "other_paths": 67,
    },
    "holdout9": {
        "faq": 204,
        "booking_start": 63,
        "multi_fact": 37,
        "crisis": 85,
        "decoys": 56,
        "code_switching": 38,
        "other_paths": 72,
    },
    "holdout8": {
        "faq": 196,
        "booking_start": 58,
        "multi_fact": 39,
        "crisis": 83,
        "decoys": 54,
        "code_switching": 39,
        "other_paths": 64,
    },
    "holdout7": {
        "faq": 203,
        "booking_start": 61,
        "multi_fact": 39,
        "crisis": 84,
        "decoys": 53,
        "code_switching": 36,
        "other_paths": 67,
    },
    "holdout6": {
        "faq": 207,
        "booking_start": 63,
        "multi_fact": 36,
        "crisis": 83,
        "decoys": 55,
        "code_switching": 37,
        "other_paths": 66,
    },
    "holdout5": {
        "faq": 195,
        "booking_start": 54,
        "multi_fact": 30,
        "crisis": 79,
        "decoys": 52,
        "code_switching": 32,
        "other_paths": 49,
    },
    "holdout4": {
        "faq": 172,
        "booking_start": 58,
        "multi_fact": 31,
        "crisis": 75,
        "decoys": 48,
        "code_switching": 33,
        "other_paths": 44,
    },
    "holdout3": {
        "faq": 168,
        "booking_start": 54,
        "multi_fact": 27,
        "crisis": 71,
        "decoys": 43,
        "code_switching": 29,
        "other_paths": 43,
    },
    "holdout2": {
        "faq": 158,
        "booking_start": 51,
        "multi_fact": 26,
        "crisis": 66,
        "decoys": 43,
        "code_switching": 28,
        "other_paths": 39,
    },
    "holdout": {
        "faq": 141,
        "booking_start": 47,
        "multi_fact": 24,
        "crisis": 65,
        "decoys": 38,
        "code_switching": 26,
        "other_paths": 34,
    },
    "test": {
        "faq": 120,
        "booking_start": 40,
        "multi_fact": 21,
        "crisis": 64,
        "decoys": 33,
        "code_switching": 23,
        "other_paths": 29,
    },
    "dev": {
        "faq": 124,
        "booking_start": 42,
        "multi_fact": 21,
        "crisis": 63,
        "decoys": 33,
        "code_switching": 22,
        "other_paths": 31,
    },
}
LEXICON_SECTIONS = ("crisis", "decoys")
BOOKING_FACTS = ("full_name", "phone", "email", "location", "preferred_time")


def load_set(name: str) -> Dict[str, List[dict]]:
    return yaml.safe_load((HERE / f"{name}.yml").read_text(encoding="utf-8"))


def plain(text: str) -> str:
    text = unicodedata.normalize("NFKD", str(text))
    return "".join(c for c in text if not unicodedata.combining(c)).lower().strip()


@dataclass
class Row:
    n: int = 0
    right: int = 0
    spanish: int = 0
    facts: int = 0
    facts_total: int = 0
    # Not in the repr: a failing assertion prints the row, and the reported set stays unread.
    misses: List[str] = field(default_factory=list, repr=False)

    def percent(self) -> float:
        return 100.0 * self.right / self.n if self.n else 0.0


class SpanishPath:
    """The production path with a look at the tracker after each turn."""

    def __init__(self, model_path: str) -> None:
        from safety_eval_harness import ProductionPath

        self.path = ProductionPath(model_path)

    def turn(self, text: str):
        sender = f"es-eval-{uuid.uuid4().hex}"
        replies = self.path.turn(sender, text)
        tracker = self.path.loop.run_until_complete(self.path.agent.tracker_store.retrieve(sender))
        return replies, tracker

    def close(self) -> None:
        self.path.close()


def predicted(tracker) -> str:
    message = tracker.latest_message.parse_data
    intent = (message.get("intent") or {}).get("name") or ""
    if intent == "faq":
        selector = (message.get("response_selector") or {}).get("faq") or {}
        return (selector.get("response") or {}).get("intent_response_key") or "faq"
    return intent


def crisis_in_spanish(replies: List[str]) -> bool:
    from clinic.profile import load_profile

    es = load_profile().spanish.crisis
    joined = "\n".join(replies)
    return any(line in joined for line in (es.acknowledge, es.acknowledge_other, es.screen_intro))


def evaluate(path: SpanishPath, data: Dict[str, List[dict]]) -> Dict[str, Row]:
    from safety_eval_harness import classify

    rows = {section: Row() for section in SECTIONS if section in data}
    for section, row in rows.items():
        for item in data[section]:
            replies, tracker = path.turn(item["text"])
            spanish = tracker.get_slot("language") == "es"
            if section == "crisis":
                outcome = classify(replies)
                ok = outcome == "crisis" or (item["tier"] == "indirect" and outcome == "screen")
                spanish = crisis_in_spanish(replies)
                label = f"{item['tier']}/{item['person']} got {outcome}"
            elif section == "decoys":
                outcome = classify(replies)
                ok = outcome is None
                label = f"got {outcome}"
            elif section in ("booking_start", "multi_fact"):
                ok = tracker.active_loop_name == "booking_form"
                label = f"got {predicted(tracker)}"
                for slot, expected in (item.get("slots") or {}).items():
                    if slot not in BOOKING_FACTS:
                        continue
                    row.facts_total += 1
                    value = tracker.get_slot(slot)
                    row.facts += value is not None and plain(expected) in plain(value)
            else:
                got = predicted(tracker)
                ok = got == item["intent"]
                label = f"{item['intent']} got {got}"
            row.n += 1
            row.right += ok
            row.spanish += spanish
            if not ok:
                row.misses.append(f"{label}: {item['text']}")
    return rows


def table(name: str, rows: Dict[str, Row]) -> str:
    lines = [
        f"Spanish evaluation, set `{name}` (fresh conversation per message, no language hint)",
        "",
        "| section | right | % | target | answered in Spanish | facts kept |",
        "|---|---|---|---|---|---|",
    ]
    for section, row in rows.items():
        target = TARGET_PERCENT.get(section)
        facts = f"{row.facts}/{row.facts_total}" if row.facts_total else "-"
        lines.append(
            f"| {section} | {row.right}/{row.n} | {row.percent():.1f} % | "
            f"{f'{target} %' if target else '-'} | {row.spanish}/{row.n} | {facts} |"
        )
    return "\n".join(lines) + "\n"


def report(name: str, rows: Dict[str, Row], show_misses: bool) -> str:
    text = table(name, rows)
    if show_misses:
        for section, row in rows.items():
            if row.misses:
                text += f"\n### {section} misses\n" + "\n".join(f"- {m}" for m in row.misses) + "\n"
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    (RESULTS_DIR / f"spanish_eval_{name}.md").write_text(text, encoding="utf-8")
    return text


# --- pytest ---------------------------------------------------------------------------------


@pytest.fixture(scope="module", params=sorted(MEASURED))
def measured(request):
    from tests.conftest import require_model

    path = SpanishPath(str(require_model()))
    try:
        rows = evaluate(path, load_set(request.param))
    finally:
        path.close()
    # The reported set's texts are never printed: only the table.
    print("\n" + report(request.param, rows, show_misses=request.param == "dev"))
    return request.param, rows


@pytest.mark.parametrize("section", SECTIONS)
def test_section_holds_its_measured_floor(measured, section):
    name, rows = measured
    row = rows[section]
    from measured_floors import CLASSIFIER_SPREAD, LEXICON_SPREAD, floor

    spread = LEXICON_SPREAD if section in LEXICON_SECTIONS else CLASSIFIER_SPREAD
    least = floor(MEASURED[name][section], spread)
    assert row.n, f"{name}: empty section {section}"
    assert row.right >= least, (
        f"{name} {section}: {row.right}/{row.n} right, below the floor of {least} "
        f"(measured {MEASURED[name][section]} less {spread})"
    )


def test_sets_are_large_enough():
    # Issue 19's minimum sizes, for the reported set and the development set alike.
    minimum = {"faq": 120, "booking_start": 40, "crisis": 60, "decoys": 30, "code_switching": 20}
    for name in sorted(path.stem for path in HERE.glob("*.yml")):
        data = load_set(name)
        for section, size in minimum.items():
            assert len(data.get(section) or []) >= size, f"{name}.{section} < {size}"


if __name__ == "__main__":
    sys.path.insert(0, str(PROJECT_DIR))
    sys.path.insert(0, str(PROJECT_DIR / "tests"))
    sys.path.insert(0, str(PROJECT_DIR / "tests" / "safety"))
    chosen = sys.argv[1] if len(sys.argv) > 1 else "dev"
    model = Path(sys.argv[2]) if len(sys.argv) > 2 else PROJECT_DIR / "models" / "current.tar.gz"
    runner = SpanishPath(str(model))
    try:
        measured_rows = evaluate(runner, load_set(chosen))
    finally:
        runner.close()
    print(report(chosen, measured_rows, show_misses=chosen == "dev"))
