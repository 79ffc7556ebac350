"""NLU per message: the trained model with numpy inference against the same model on TensorFlow.

    .venv/bin/python bench/nlu_inference.py [--model models/current.tar.gz] [--rounds 5]

Same model file, same messages, same process, alternating rounds (so load on a shared
machine hits both alike): `Agent.parse_message` (the whole NLU graph: tokenizer,
featurizers, DIET, response selector, fallback, crisis check) once with the components'
numpy inference and once with Rasa's TensorFlow inference (RASA_NUMPY_INFERENCE=0, read
when the model loads). Prints CPU ms per message, the ratio, and each loaded process's
memory (PSS from /proc/<pid>/smaps_rollup, measured in a fresh child process each).
"""

from __future__ import annotations

import argparse
import asyncio
import json
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=str(PROJECT_DIR / "models" / "current.tar.gz"))
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--memory-child", choices=("numpy", "tensorflow"))
    args = parser.parse_args()
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
