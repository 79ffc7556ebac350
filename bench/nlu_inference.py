"""NLU per message: the trained model with numpy inference against the same model on TensorFlow.

    .venv/bin/python bench/nlu_inference.py [--model models/current.tar.gz] [--rounds 5]
    .venv/bin/python bench/nlu_inference.py --per-component [--messages tests/nlu/traffic/dev.yml]

Same model file, same messages, same process, alternating rounds (so load on a shared
machine hits both alike): `Agent.parse_message` (the whole NLU graph: tokenizer,
featurizers, DIET, response selector, fallback, crisis check) once with the components'
numpy inference and once with Rasa's TensorFlow inference (RASA_NUMPY_INFERENCE=0, read
when the model loads). Prints CPU ms per message, the ratio, and each loaded process's
memory (PSS from /proc/<pid>/smaps_rollup, measured in a fresh child process each).

`--per-component`: the numpy-inference model only, CPU ms per message of each node of the
NLU graph (tokenizer, each featurizer, DIET, the name CRF, ...), over the messages below or
over a traffic set's `messages` and `multi_fact` texts (`--messages`). No message text is
printed: Rasa's debug log (which prints the parsed text) is silenced.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_DIR))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")


def quiet_rasa_log() -> None:
    """Rasa's structlog prints every parse at debug level, text included, unless configured."""
    import structlog

    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))


MESSAGES = [
    "hi",
    "how long do the benefits of ketamine last?",
    "how fast does it start working",
    "how often would I need boosters",
    "where are your offices",
    "I'd like to book a consultation",
    "Jordan Rivera",
    "214 555 0100",
    "cancel",
    "who are the providers?",
    "does insurance cover this, I have blue cross",
    "asdf qwer zxcv",
]


def pss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        if line.startswith("Pss:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def load_agent(model: str, numpy_inference: bool):
    from rasa.core.agent import Agent

    quiet_rasa_log()
    os.environ["RASA_NUMPY_INFERENCE"] = "1" if numpy_inference else "0"
    return Agent.load(model)


def memory_child(model: str, numpy_inference: bool) -> None:
    """Run in a child: load, parse every message 20 times, print modules and PSS."""
    loop = asyncio.new_event_loop()
    before = pss_mb(os.getpid())
    agent = load_agent(model, numpy_inference)
    for _ in range(20):
        for text in MESSAGES:
            loop.run_until_complete(agent.parse_message(text))
    print(
        json.dumps(
            {
                "pss_import_mb": before,
                "pss_mb": pss_mb(os.getpid()),
                "tensorflow_imported": "tensorflow" in sys.modules,
            }
        )
    )


def read_messages(path: str) -> list:
    """The texts of a traffic set (tests/nlu/traffic/*.yml): `messages` and `multi_fact`."""
    import yaml

    found = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    return [item["text"] for key in ("messages", "multi_fact") for item in found.get(key, [])]


def per_component(model: str, messages: list, rounds: int) -> None:
    """CPU ms per message of each graph node, numpy inference (as served)."""
    from rasa.engine.graph import GraphNode

    loop = asyncio.new_event_loop()
    agent = load_agent(model, True)
    for text in messages:  # warm up
        loop.run_until_complete(agent.parse_message(text))
    spent: dict = {}
    timing = {"on": False}
    original = GraphNode.__call__

    def timed_call(self, *args, **kwargs):
        if not timing["on"]:
            return original(self, *args, **kwargs)
        c0 = time.process_time()
        try:
            return original(self, *args, **kwargs)
        finally:
            spent[self._node_name] = spent.get(self._node_name, 0.0) + time.process_time() - c0

    GraphNode.__call__ = timed_call
    parses, total = 0, 0.0
    try:
        timing["on"] = True
        for _ in range(rounds):
            for text in messages:
                c0 = time.process_time()
                loop.run_until_complete(agent.parse_message(text))
                total += time.process_time() - c0
                parses += 1
    finally:
        GraphNode.__call__ = original
    print(f"\n{parses} parses ({len(messages)} messages x {rounds} rounds), numpy inference")
    print(f"{'graph node':<62}{'CPU ms/msg':>11}{'share':>8}")
    for name, seconds in sorted(spent.items(), key=lambda item: -item[1]):
        print(f"{name:<62}{seconds * 1000 / parses:>11.3f}{seconds / total:>8.1%}")
    nodes = sum(spent.values())
    print(f"{'all nodes':<62}{nodes * 1000 / parses:>11.3f}{nodes / total:>8.1%}")
    print(f"{'parse_message (whole)':<62}{total * 1000 / parses:>11.3f}{1:>8.0%}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=str(PROJECT_DIR / "models" / "current.tar.gz"))
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--memory-child", choices=("numpy", "tensorflow"))
    parser.add_argument("--per-component", action="store_true")
    parser.add_argument("--messages", help="a traffic set, e.g. tests/nlu/traffic/dev.yml")
    args = parser.parse_args()
    if args.per_component:
        messages = read_messages(args.messages) if args.messages else MESSAGES
        per_component(args.model, messages, args.rounds)
        return 0
    if args.memory_child:
        memory_child(args.model, args.memory_child == "numpy")
        return 0

    loop = asyncio.new_event_loop()
    agents = {
        "tensorflow": load_agent(args.model, False),
        "numpy": load_agent(args.model, True),
    }
    for agent in agents.values():  # warm up: first calls trace TensorFlow functions
        for text in MESSAGES:
            loop.run_until_complete(agent.parse_message(text))
    cpu = {name: [] for name in agents}
    wall = {name: [] for name in agents}
    for _ in range(args.rounds):
        for name, agent in agents.items():
            for text in MESSAGES * 5:
                c0, w0 = time.process_time(), time.perf_counter()
                loop.run_until_complete(agent.parse_message(text))
                cpu[name].append((time.process_time() - c0) * 1000)
                wall[name].append((time.perf_counter() - w0) * 1000)

    print(f"\n{'NLU parse_message':<22}{'CPU ms/msg':>12}{'median ms':>11}{'p95 ms':>9}")
    for name in agents:
        ordered = sorted(wall[name])
        print(
            f"{name:<22}{statistics.mean(cpu[name]):>12.2f}{statistics.median(ordered):>11.2f}"
            f"{ordered[int(0.95 * len(ordered))]:>9.2f}"
        )
    ratio = statistics.mean(cpu["tensorflow"]) / statistics.mean(cpu["numpy"])
    print(f"numpy is {ratio:.1f}x less CPU per message than TensorFlow (same model, same run)")

    print(
        f"\n{'one process, model loaded':<30}{'PSS after import':>18}{'PSS loaded':>12}{'TF imported':>13}"
    )
    for name in ("tensorflow", "numpy"):
        out = (
            subprocess.run(
                [sys.executable, __file__, "--model", args.model, "--memory-child", name],
                capture_output=True,
                text=True,
                check=True,
            )
            .stdout.strip()
            .splitlines()[-1]
        )
        found = json.loads(out)
        print(
            f"{name:<30}{found['pss_import_mb']:>15.0f} MB{found['pss_mb']:>9.0f} MB"
            f"{str(found['tensorflow_imported']):>13}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
