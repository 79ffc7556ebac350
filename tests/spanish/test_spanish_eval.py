"""Issue 19 evaluation: the frozen Spanish sets through the production path, per section.

Sets (this folder): dev.yml guides the work; test.yml was the reported set of rounds 1-4
(its figures were seen several times, a few of its misses in a failing assertion: now a
secondary check); holdout.yml, written by an independent writer after that and committed
unread, was the reported set of round 5, holdout2.yml, a second independent writer's, that of
round 6 (its misses guided round 7), holdout3.yml, a third independent writer's, that of
round 7 (its misses guided round 8), holdout4.yml, a fourth independent writer's, that of
round 8 (its misses guided round 9), holdout5.yml, a fifth independent writer's, that of
round 9 (its misses guided round 10), holdout6.yml, a sixth independent writer's, that of
round 10 (its misses guided round 11), and holdout7.yml, a seventh independent writer's,
committed unread and run once in round 11, is the reported set now. None of them is read
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
>= 95 %, crisis 100 %, no decoy. Floors below are what was measured (never raised
without a measurement; lowered only with the trade written beside them); the gap to the
target is reported, not hidden.

    .venv/bin/python tests/spanish/test_spanish_eval.py [dev|test|holdout|holdout2|holdout3|holdout4|holdout5|holdout6|holdout7] [model.tar.gz]
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
# Measured floors (percent right per section, rounded down) for each set, 2026-12-06, the
# model of commit "Spanish: ..." (docs/spanish.md). test.yml was run once, after the last
# change tuned on dev. Below target: the gap is reported, never hidden by a lower target.
# Round 5 (Spanish booking facts in the NLU data, more Spanish FAQ and other-path examples,
# the "me va a matar" idiom): the reported set rose in six sections (faq 101 -> 109,
# booking 35 -> 41, multi_fact 15 -> 20, decoys 28 -> 29, code_switching 21 -> 22,
# other_paths 25 -> 26) and its floors with it; two dev sections fell by one to two
# messages (faq 117 -> 114, code_switching 22 -> 20) and their floors were lowered to the
# new figures: the trade is recorded here rather than hidden.
FLOOR_PERCENT: Dict[str, Dict[str, int]] = {
    # holdout7 (reported, run once in round 11 on the round-11 model r18): faq 205/232,
    # booking_start 61/65, multi_fact 38/40 (facts kept 95/106), crisis 76/86, decoys 53/60,
    # code_switching 36/40 (30/40 answered in Spanish), other_paths 64/77; on r19, one
    # training line apart: 207, 59, 38, 76, 53, 37, 63. CI trains from inputs that differ
    # again (20 one- and two-word lines restored): floors are the lower run less five
    # messages where the intent classifier decides (FAQ, booking, multi-fact, code-switching,
    # other paths: r18 -> r19 moved holdout6's FAQ by five) and less two where the lexicon
    # does (crisis, decoys), rounded down.
    "holdout7": {
        "faq": 86,
        "booking_start": 83,
        "multi_fact": 82,
        "crisis": 86,
        "decoys": 85,
        "code_switching": 77,
        "other_paths": 75,
    },
    # holdout6 (reported in round 10: faq 207/228, booking_start 60/64, multi_fact 36/38,
    # crisis 74/83, decoys 54/59, code_switching 37/39, other_paths 52/73), a development set
    # in round 11, whose misses guided Spanish data and lexicon families; on r18: 214/228,
    # 63/64, 36/38, 81/83, 54/59, 38/39, 63/73; on r19: 209, 63, 37, 81, 54, 37, 63. Floors
    # as holdout7's (the lower run less five or two messages): four fall against round 10's
    # floors by that training spread, not by a measured drop (both runs are above round 10's
    # figures in every section).
    "holdout6": {
        "faq": 89,
        "booking_start": 90,
        "multi_fact": 84,
        "crisis": 95,
        "decoys": 88,
        "code_switching": 82,
        "other_paths": 79,
    },
    # holdout5 (reported in round 9: faq 190/210, booking_start 55/57, multi_fact 30/32,
    # crisis 69/80, decoys 49/52, code_switching 32/35, other_paths 39/58), a development set in
    # round 10, whose misses guided Spanish data and lexicon families; on the round-10 model:
    # 192/210, 52/57, 30/32, 78/80, 52/52, 32/35, 49/58. Floors are the new figures less one
    # message: four rise; booking_start fell by three messages (55 -> 52: two requests in
    # misspelled or roundabout words now fall back or read as an FAQ) and its floor with it,
    # the trade recorded here.
    "holdout5": {
        "faq": 90,
        "booking_start": 89,
        "multi_fact": 90,
        "crisis": 96,
        "decoys": 98,
        "code_switching": 88,
        "other_paths": 82,
    },
    # holdout4 (reported in round 8: faq 163/193, booking_start 54/58, multi_fact 31/31,
    # crisis 60/76, decoys 47/49, code_switching 32/34, other_paths 37/52), a development set
    # in round 9, whose misses guided Spanish data and lexicon families; on the round-9 model:
    # 167/193, 58/58, 29/31, 71/76, 48/49, 33/34, 37/52. Floors are the new figures less one
    # message: five rise; multi_fact fell by two messages (31 -> 29) and its floor with it,
    # the trade recorded here.
    "holdout4": {
        "faq": 86,
        "booking_start": 98,
        "multi_fact": 90,
        "crisis": 92,
        "decoys": 95,
        "code_switching": 94,
        "other_paths": 69,
    },
    # holdout3 (reported in round 7: faq 155/180, booking_start 53/54, multi_fact 27/28,
    # crisis 64/72, decoys 40/47, code_switching 28/30, other_paths 37/44), a development set
    # in round 8, whose misses guided Spanish lexicon families and data; on the round-8 model:
    # 155/180, 52/54, 27/28, 69/72, 43/47, 28/30, 39/44. Floors are the new figures less one
    # message: three rise; booking_start fell by one message (53 -> 52) and its floor with
    # it, the trade recorded here.
    "holdout3": {
        "faq": 85,
        "booking_start": 94,
        "multi_fact": 92,
        "crisis": 94,
        "decoys": 89,
        "code_switching": 90,
        "other_paths": 86,
    },
    # Round 7 (Spanish FAQ breadth, Spanish lexicon families, the risk classifier's round-7
    # data), the development sets: dev faq 124/133, booking_start 42/42, multi_fact 21/21,
    # crisis 63/63, decoys 33/33, code_switching 22/23, other_paths 31/32; test 121/133,
    # 40/42, 21/21, 64/64, 33/33, 22/23, 27/31; holdout 139/152, 47/48, 23/24, 66/66, 37/38,
    # 26/26, 28/36; holdout2 145/173, 52/52, 26/26, 66/66, 42/43, 27/28, 33/40. Crisis is
    # 100 % on all four (it was 54/64, 63/66, 61/66 on test, holdout, holdout2) and FAQ rose
    # on every set; their floors rise to the new figures less one message. One section
    # fell: holdout2 other_paths 35 -> 33 (two requests for a person now read as "am I
    # talking to a bot", after new Spanish bot-challenge examples): its floor is lowered to
    # the new figure less one message, the trade recorded here.
    "dev": {
        "faq": 92,
        "booking_start": 97,
        "multi_fact": 95,
        "crisis": 100,
        "decoys": 96,
        "code_switching": 86,
        "other_paths": 90,
    },
    "holdout": {
        "faq": 90,
        "booking_start": 95,
        "multi_fact": 87,
        "crisis": 98,
        "decoys": 94,
        "code_switching": 96,
        "other_paths": 75,
    },
    # Round 10: holdout2 crisis 65 -> 64/66 on the round-10 model (one indirect message the
    # classifier no longer scores): its floor is lowered to the new figure less one message.
    "holdout2": {
        "faq": 83,
        "booking_start": 98,
        "multi_fact": 96,
        "crisis": 95,
        "decoys": 95,
        "code_switching": 92,
        "other_paths": 80,
    },
    # test: CI's model of round 6's inputs gave code_switching 21/23 (ours 22/23): its floor
    # stays that less one message. Round 8: booking_start 40 -> 38/42 (two requests that name
    # an office and a time now read as the offices question, after more offices-FAQ examples
    # with context): its floor is lowered to the new figure less one message, the trade
    # recorded here; faq rose 121 -> 124, other_paths 27 -> 28. Round 10: faq fell to
    # 119/133 (FAQ topics of the long term now split differently after new examples): its
    # floor is lowered to the new figure less one message, the trade recorded here.
    "test": {
        "faq": 88,
        "booking_start": 88,
        "multi_fact": 95,
        "crisis": 98,
        "decoys": 96,
        "code_switching": 86,
        "other_paths": 83,
    },
}
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


@pytest.fixture(scope="module", params=sorted(FLOOR_PERCENT))
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
    floor = FLOOR_PERCENT[name][section]
    assert row.n, f"{name}: empty section {section}"
    assert row.percent() >= floor, f"{name} {section}: {row.percent():.1f} % < floor {floor} %"


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
