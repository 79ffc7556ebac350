"""The chat-traffic sets' scripted visitors through the live stack (issue 16): what the
visitor said is what the stored request holds, and what they said is not asked again.

- multi_fact: one message that starts a request and states several facts; slot accuracy
  is the share of those facts stored exactly (times: the visitor's words contained).
- conversations: the set's turns, then neutral defaults; every expected key stored.
Figures go to var/test-results/traffic_conversations.txt; the reported set's (holdout10,
round 14) decide (tests/nlu/traffic_eval.py describes the sets). Beside it run dev and the
previous round's reported set (the development set whose misses guide the next round): the
live stack is the suite's slowest part, and CI has 90 minutes. Every set:
TRAFFIC_E2E_SETS=all (or a comma-separated list of set names).
"""

from __future__ import annotations

import asyncio
import os
from dataclasses import replace
from pathlib import Path
from typing import Dict, List, Tuple

import pytest
from local_ports import free_port
from measured_floors import CLASSIFIER_SPREAD, LEXICON_SPREAD, floor
from traffic_conversations import Outcome, slot_matches, talk
from traffic_sets import RESULTS_DIR, load_set, set_names

from bot.launcher import DEFAULT_MODEL, Stack
from bot.storage.appointments import list_requests
from clinic.database import create_db_engine
from clinic.settings import load_settings

pytestmark = pytest.mark.stack

CONCURRENT_VISITORS = 4
REPORTED = "holdout10"
PREVIOUS_REPORTED = "holdout9"
# The question that asks for a set's key (the writer's name is the name question).
ASKED_AS = {"contact_name": "full_name"}
# What the reported set's single run (round 14) gave on the model CI trains from this
# commit's inputs: facts stored right across the multi-fact messages, and conversations
# wholly right. Floors are those less the training spread (tests/measured_floors.py): five
# facts where the intent classifier decides, two conversations. Earlier reported sets at their
# single runs: holdout9 (round 13) 253/264 facts and 45/56 conversations; holdout8 (round 12) 246/271 facts and 41/52 conversations;
# holdout7 (round 11) 253/277 facts and 44/51 conversations; holdout6 (round 10)
# 263/273 and 46/55; holdout5 (round 9) 271/284 and 37/50.
MEASURED_FACTS = 252  # of 275 (every fact right in 58 of 73 messages)
MEASURED_CONVERSATIONS = 48  # of 56


@pytest.fixture(scope="module")
def traffic_stack(tmp_path_factory):
    """The three processes on a fresh database, without the gateway's per-address rate
    limit: every scripted visitor writes from 127.0.0.1."""
    var_dir = tmp_path_factory.mktemp("traffic-var")
    settings = replace(
        load_settings(),
        var_dir=var_dir,
        host="127.0.0.1",
        bot_port=free_port(),
        rasa_port=free_port(),
        actions_port=free_port(),
        database_url=f"sqlite:///{var_dir / 'clinic.db'}",
        chat_rate_limits=False,
    )
    for name in ("RASA_URL", "ACTION_SERVER_URL", "BOT_URL"):
        os.environ.pop(name, None)
    model = Path(os.environ.get("MODEL_PATH", DEFAULT_MODEL))  # as bot/launcher.py reads it
    if not model.exists():
        pytest.fail(f"no trained model at {model}: run `make train` (make test does)")
    stack = Stack(settings, model)
    try:
        stack.start_all(report=lambda line: None)
    except Exception:
        stack.stop_all()
        raise
    yield stack
    stack.stop_all()


async def run_all(bot_url: str, scripts: List[List[str]]) -> List[Outcome]:
    gate = asyncio.Semaphore(CONCURRENT_VISITORS)

    async def one(number: int, turns: List[str]) -> Outcome:
        async with gate:
            return await talk(bot_url, turns, number)

    return await asyncio.gather(*(one(n, turns) for n, turns in enumerate(scripts)))


def stored_requests(stack, monkeypatch) -> Dict[str, dict]:
    """Stored booking requests by conversation id, decrypted with the stack's data key."""
    monkeypatch.setenv("VAR_DIR", str(stack.var_dir))
    monkeypatch.delenv("DATA_ENCRYPTION_KEYS", raising=False)
    monkeypatch.delenv("DATA_KEY_FILE", raising=False)
    engine = create_db_engine(stack.database_url)
    try:
        return {row["conversation_id"]: row for row in list_requests(engine)}
    finally:
        engine.dispose()


def score(
    items: List[dict], key: str, outcomes: List[Outcome], stored: Dict[str, dict]
) -> Tuple[int, int, int, List[str]]:
    """(facts right, facts expected, scripts fully right, what went wrong by slot)."""
    right = total = whole = 0
    wrong: List[str] = []
    for number, (item, outcome) in enumerate(zip(items, outcomes)):
        expected = item[key]
        row = stored.get(outcome.conversation_id)
        if not expected:
            ok = row is None
            whole += ok
            if not ok:
                wrong.append(f"#{number}: stored a request that was cancelled")
            continue
        if row is None:
            total += len(expected)
            wrong.append(f"#{number}: nothing stored")
            continue
        misses = [slot for slot, value in expected.items() if not slot_matches(slot, value, row)]
        right += len(expected) - len(misses)
        total += len(expected)
        whole += not misses
        # Slot names only: the reported set's wording stays out of sight.
        wrong += [f"#{number}: {slot}" for slot in misses]
    return right, total, whole, wrong


def asked_again(items: List[dict], outcomes: List[Outcome]) -> List[str]:
    """Facts given in the first message that the assistant asked for anyway."""
    again = []
    for number, (item, outcome) in enumerate(zip(items, outcomes)):
        given = {ASKED_AS.get(key, key) for key in item["slots"]}
        again += [f"#{number}: {topic}" for topic in outcome.asked if topic in given]
    return again


def chosen_sets() -> List[str]:
    wanted = os.environ.get("TRAFFIC_E2E_SETS", "")
    if wanted == "all":
        return set_names()
    names = [name.strip() for name in wanted.split(",") if name.strip()]
    if not names:
        names = ["dev", PREVIOUS_REPORTED]
    return [name for name in names if name != REPORTED] + [REPORTED]  # the one that decides


@pytest.fixture(scope="module")
def results(traffic_stack):
    figures = {}
    loop = asyncio.new_event_loop()
    for name in chosen_sets():
        data = load_set(name)
        multi = loop.run_until_complete(
            run_all(traffic_stack.bot_url, [[m["text"]] for m in data["multi_fact"]])
        )
        conversations = loop.run_until_complete(
            run_all(traffic_stack.bot_url, [c["turns"] for c in data["conversations"]])
        )
        figures[name] = (data, multi, conversations)
    loop.close()
    return figures


def test_stated_facts_are_stored_and_not_asked_again(traffic_stack, results, monkeypatch):
    stored = stored_requests(traffic_stack, monkeypatch)
    lines = []
    verdict = {}
    for name, (data, multi, conversations) in results.items():
        right, total, whole, wrong = score(data["multi_fact"], "slots", multi, stored)
        again = asked_again(data["multi_fact"], multi)
        c_right, c_total, c_whole, c_wrong = score(
            data["conversations"], "stored", conversations, stored
        )
        n_multi, n_conv = len(data["multi_fact"]), len(data["conversations"])
        lines += [
            f"{name} set",
            f"  multi_fact slot accuracy {right}/{total} = {right / total:.1%}; "
            f"messages with every fact right {whole}/{n_multi}; "
            f"facts asked again {len(again)}",
            f"  conversations fully right {c_whole}/{n_conv} = {c_whole / n_conv:.1%}; "
            f"stored keys right {c_right}/{c_total} = {c_right / max(c_total, 1):.1%}",
            "  multi_fact misses: " + ", ".join(wrong),
            "  asked again: " + ", ".join(again),
            "  conversation misses: " + ", ".join(c_wrong),
            "",
        ]
        verdict[name] = (right, c_whole)
    report = "\n".join(lines)
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    (RESULTS_DIR / "traffic_conversations.txt").write_text(report, encoding="utf-8")
    print("\n" + report)
    facts_right, conversations_right = verdict[REPORTED]
    assert facts_right >= floor(MEASURED_FACTS, CLASSIFIER_SPREAD), report
    assert conversations_right >= floor(MEASURED_CONVERSATIONS, LEXICON_SPREAD), report
