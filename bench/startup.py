"""Start-up time and memory: our stack against Rasa's stock starter bot, same run.

    .venv/bin/python bench/startup.py [--trained]

Reports training time of the starter bot next to ours (`rasa train` of this project in a
temporary output folder), seconds from start to healthy with a trained model, and the
resident memory (RSS, with children) of each process once healthy. `--trained` skips our
training (15+ minutes on 2 cores) and starts the model `make train` built.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time

from stacks import ENV, Baseline, Ours, rss_mb  # type: ignore  (run as a script from bench/)

from clinic.settings import PROJECT_DIR


def train_ours() -> float:
    out = tempfile.mkdtemp(prefix="clinic-train-")
    # A fresh cache: Rasa would otherwise reuse components trained earlier (.rasa/cache).
    env = {**ENV, "RASA_CACHE_DIRECTORY": tempfile.mkdtemp(prefix="clinic-cache-")}
    start = time.monotonic()
    subprocess.run(
        [sys.executable, "-m", "rasa", "train", "--out", out, "--quiet"],
        cwd=PROJECT_DIR,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return time.monotonic() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trained", action="store_true", help="start models/current.tar.gz")
    args = parser.parse_args()
    baseline, ours = Baseline(), Ours()
    print("training ...", flush=True)
    b_train = baseline.train()
    o_train = float("nan") if args.trained else train_ours()
    try:
        b_ready = baseline.start()
        o_ready = ours.start()
        time.sleep(2)
        b_rss = rss_mb(baseline.process.pid)
        o_rss = {name: rss_mb(pid) for name, pid in ours.pids().items()}
    finally:
        baseline.stop()
        ours.stop()
    o_total = sum(o_rss.values())
    print(f"\n{'':22}{'baseline':>10}{'ours':>10}{'ratio':>8}")
    print(f"{'training (s)':22}{b_train:10.1f}{o_train:10.1f}{o_train / b_train:8.2f}")
    print(f"{'ready after start (s)':22}{b_ready:10.1f}{o_ready:10.1f}{o_ready / b_ready:8.2f}")
    print(f"{'RSS total (MB)':22}{b_rss:10.0f}{o_total:10.0f}{o_total / b_rss:8.2f}")
    for name, mb in o_rss.items():
        print(f"{'  ours: ' + name:22}{'':10}{mb:10.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
