"""Memory at steady state (PSS) and throughput on the way: our stack against Rasa's stock
starter bot, same run.

    .venv/bin/python bench/steady_memory.py [--conversations 1000] [--concurrency 20]

Both systems are started, one after the other; each gets CONVERSATIONS whole
conversations (its own script, bench/chat_load.py), CONCURRENCY at a time. The PSS of
every process (with its children: Rasa's forked workers) is read once healthy and after
the conversations (issue 21: the stack grows while Rasa's tracker cache fills, so steady
state is after 1,000 conversations); the CPU seconds of all those processes are divided
by the messages answered. Ours is the default profile as `make run` starts it. PSS, not
RSS: pages shared between processes (Rasa's workers share the libraries imported before
the fork) count once.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
import uuid

import aiohttp
import psutil
from chat_load import BASELINE_SCRIPT, OUR_SCRIPT, Result, timed  # type: ignore
from stacks import Baseline, Ours, pss_mb  # type: ignore  (run as a script from bench/)


def cpu_s(pid: int) -> float:
    """CPU seconds (user + system) of a process and its live descendants."""
    total = 0.0
    try:
        root = psutil.Process(pid)
        for process in [root, *root.children(recursive=True)]:
            times = process.cpu_times()
            total += times.user + times.system
    except psutil.Error:
        pass
    return total


async def run_conversations(kind: str, url: str, count: int, concurrency: int) -> Result:
    result, remaining = Result(), iter(range(count))
    timeout = aiohttp.ClientTimeout(total=60)

    async def one_worker() -> None:
        for _ in remaining:
            jar = aiohttp.CookieJar(unsafe=True)  # ours: a new visitor session per conversation
            async with aiohttp.ClientSession(timeout=timeout, cookie_jar=jar) as session:
                if kind == "baseline":
                    sender = uuid.uuid4().hex
                    for text in BASELINE_SCRIPT:
                        await timed(
                            session.post(
                                f"{url}/webhooks/rest/webhook",
                                json={"sender": sender, "message": text},
                            ),
                            result,
                        )
                else:
                    for text in OUR_SCRIPT:
                        await timed(session.post(f"{url}/api/chat", json={"message": text}), result)

    start = time.monotonic()
    await asyncio.gather(*(one_worker() for _ in range(concurrency)))
    result.elapsed = time.monotonic() - start
    return result


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--conversations", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=20)
    args = parser.parse_args()
    baseline, ours = Baseline(), Ours()
    print("training the starter bot ...", flush=True)
    baseline.train()
    rows = {}
    try:
        for name, system, kind in (("baseline", baseline, "baseline"), ("ours", ours, "ours")):
            ready = system.start()
            time.sleep(2)
            pids = {"rasa": system.process.pid} if kind == "baseline" else system.pids()
            at_start = {n: pss_mb(pid) for n, pid in pids.items()}
            print(f"{name}: ready after {ready:.1f} s; {args.conversations} conversations ...")
            cpu_before = sum(cpu_s(pid) for pid in pids.values())
            result = asyncio.run(
                run_conversations(kind, system.url, args.conversations, args.concurrency)
            )
            cpu_ms = (sum(cpu_s(pid) for pid in pids.values()) - cpu_before) * 1000
            time.sleep(2)
            steady = {n: pss_mb(pid) for n, pid in pids.items()}
            rows[name] = (ready, at_start, steady, result.row(), cpu_ms / len(result.latencies))
            system.stop()
    finally:
        baseline.stop()
        ours.stop()
    (b_ready, b_start, b_steady, b_row, b_cpu), (o_ready, o_start, o_steady, o_row, o_cpu) = (
        rows["baseline"],
        rows["ours"],
    )
    print(f"\n{args.conversations} conversations, {args.concurrency} at a time")
    print(f"{'':30}{'baseline':>10}{'ours':>10}{'ratio':>8}")

    def line(label: str, b: float, o: float, fmt: str = "10.0f") -> None:
        print(f"{label:30}{b:{fmt}}{o:{fmt}}{o / b if b else float('nan'):8.2f}")

    line("ready after start (s)", b_ready, o_ready, "10.1f")
    line("PSS total once ready (MB)", sum(b_start.values()), sum(o_start.values()))
    line("PSS total steady state (MB)", sum(b_steady.values()), sum(o_steady.values()))
    for n in o_steady:
        print(f"{'  ours: ' + n:30}{'':10}{o_steady[n]:10.0f}   (once ready {o_start[n]:.0f})")
    line("messages/s", b_row["msg_s"], o_row["msg_s"], "10.1f")
    line("p50 (ms)", b_row["p50"], o_row["p50"])
    line("p95 (ms)", b_row["p95"], o_row["p95"])
    line("CPU ms per message, all procs", b_cpu, o_cpu, "10.1f")
    print(f"{'errors':30}{b_row['errors']:10d}{o_row['errors']:10d}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
