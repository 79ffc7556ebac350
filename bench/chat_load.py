"""Chat throughput and latency: our stack against Rasa's stock starter bot, same run.

    .venv/bin/python bench/chat_load.py [--levels 1,10,20,50] [--seconds 20] [--profile production]

Each level runs that many conversations at once for a fixed time; each conversation
sends its script one message at a time, waiting for the reply (as a visitor does).
Prints messages/s, p50/p95/p99 latency, errors, and ours/baseline ratios. `--profile
production` drives ours as `make run PROFILE=production` runs it (two Rasa processes,
PostgreSQL, Redis; needs Debian's postgresql and redis-server packages).
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import sys
import time
import uuid
from dataclasses import dataclass, field
from typing import List

import aiohttp
from stacks import Baseline, Ours  # type: ignore  (run as a script from bench/)

# The starter bot's own domain: greet, mood, bot challenge, goodbye.
BASELINE_SCRIPT = ["hello", "I am feeling sad", "yes", "are you a bot?", "great, thanks", "goodbye"]
# A visitor's realistic mix: FAQs, then the first booking steps, then cancel.
OUR_SCRIPT = [
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
]


@dataclass
class Result:
    latencies: List[float] = field(default_factory=list)
    errors: int = 0
    elapsed: float = 0.0

    def row(self) -> dict:
        lat = sorted(self.latencies) or [float("nan")]
        pct = lambda q: lat[min(len(lat) - 1, int(q * len(lat)))] * 1000  # noqa: E731
        return {
            "msg_s": len(self.latencies) / self.elapsed if self.elapsed else 0.0,
            "p50": pct(0.50),
            "p95": pct(0.95),
            "p99": pct(0.99),
            "errors": self.errors,
        }


async def baseline_conversation(session, url, deadline, result):
    while time.monotonic() < deadline:
        sender = uuid.uuid4().hex
        for text in BASELINE_SCRIPT:
            if time.monotonic() >= deadline:
                return
            await timed(
                session.post(
                    f"{url}/webhooks/rest/webhook", json={"sender": sender, "message": text}
                ),
                result,
            )


async def our_conversation(url, deadline, result):
    while time.monotonic() < deadline:
        # A new cookie jar per conversation: the gateway gives each visitor a session.
        async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as session:
            for text in OUR_SCRIPT:
                if time.monotonic() >= deadline:
                    return
                await timed(session.post(f"{url}/api/chat", json={"message": text}), result)


async def timed(request, result: Result) -> None:
    start = time.monotonic()
    try:
        async with request as response:
            await response.read()
            if response.status != 200:
                result.errors += 1
                return
    except (aiohttp.ClientError, asyncio.TimeoutError):
        result.errors += 1
        return
    result.latencies.append(time.monotonic() - start)


async def run_level(kind: str, url: str, concurrency: int, seconds: float) -> Result:
    result = Result()
    start = time.monotonic()
    deadline = start + seconds
    timeout = aiohttp.ClientTimeout(total=60)
    if kind == "baseline":
        async with aiohttp.ClientSession(
            timeout=timeout, connector=aiohttp.TCPConnector(limit=0)
        ) as session:
            await asyncio.gather(
                *(baseline_conversation(session, url, deadline, result) for _ in range(concurrency))
            )
    else:
        await asyncio.gather(*(our_conversation(url, deadline, result) for _ in range(concurrency)))
    result.elapsed = time.monotonic() - start
    return result


def fmt(row: dict) -> str:
    return f"{row['msg_s']:8.1f} {row['p50']:8.0f} {row['p95']:8.0f} {row['p99']:8.0f} {row['errors']:6d}"


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--levels", default="1,10,20,50")
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--profile", choices=("default", "production"), default="default")
    args = parser.parse_args()
    levels = [int(x) for x in args.levels.split(",")]

    baseline, ours = Baseline(), Ours(args.profile)
    print("training the stock starter bot (baseline) ...", flush=True)
    print(f"    baseline training: {baseline.train():.1f} s", flush=True)
    rows = {}
    try:
        print("starting both ...", flush=True)
        print(
            f"    baseline ready after {baseline.start():.1f} s; ours after {ours.start():.1f} s",
            flush=True,
        )
        for level, kind in itertools.product(levels, ("baseline", "ours")):
            url = baseline.url if kind == "baseline" else ours.url
            print(f"    {kind:<8} {level:3d} conversations ...", flush=True)
            rows[(kind, level)] = asyncio.run(run_level(kind, url, level, args.seconds)).row()
    finally:
        baseline.stop()
        ours.stop()

    print(
        f"\n{'conv':>4} {'system':<9}{'msg/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>6}"
    )
    for level in levels:
        b, o = rows[("baseline", level)], rows[("ours", level)]
        print(f"{level:4d} {'baseline':<9}{fmt(b)}")
        print(f"{level:4d} {'ours':<9}{fmt(o)}")
        ratio = o["msg_s"] / b["msg_s"] if b["msg_s"] else float("inf")
        print(f"{'':4} {'ratio':<9}{ratio:8.2f}x throughput, p95 {o['p95'] / b['p95']:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
