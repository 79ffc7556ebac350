"""The two systems the benchmarks compare, started side by side on loopback.

- baseline: Rasa 3.6's stock starter bot (`rasa init`), trained in a temporary folder,
  REST channel, no action server (the starter bot has no custom actions).
- ours: the clinic stack exactly as `make run` starts it (Rasa + action server + web app),
  driven through the web app's chat gateway. With profile="production", as
  `make run PROFILE=production` starts it: two Rasa processes, each with its action
  server, on a throw-away PostgreSQL and Redis (tests/production/local_servers.py).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.launcher import DEFAULT_MODEL, Stack  # noqa: E402
from clinic.settings import PRODUCTION_WORKERS, PROJECT_DIR, load_settings  # noqa: E402

ENV = {
    **os.environ,
    "RASA_TELEMETRY_ENABLED": "false",
    "TF_CPP_MIN_LOG_LEVEL": "2",
    "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def rss_mb(pid: int) -> float:
    """Resident memory of a process and its children, from /proc."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            status = Path(f"/proc/{p}/status").read_text()
            total += int(
                next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS"))
            )
            for task in Path(f"/proc/{p}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, StopIteration):
            continue
    return total / 1024


def pss_mb(pid: int) -> float:
    """Proportional set size of a process and its descendants, from /proc/<pid>/smaps_rollup:
    pages shared between processes (forked workers, libraries) counted once in the sum."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            rollup = Path(f"/proc/{p}/smaps_rollup").read_text()
            total += int(
                next(line.split()[1] for line in rollup.splitlines() if line.startswith("Pss:"))
            )
            for task in Path(f"/proc/{p}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, StopIteration):
            continue
    return total / 1024


def wait_http(url: str, process: subprocess.Popen, timeout: float = 300) -> float:
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        if process.poll() is not None:
            raise RuntimeError(f"process for {url} exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return time.monotonic() - start
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} not ready after {timeout} s")


class Baseline:
    """The stock starter bot: trained once per run (that training time is also reported)."""

    def __init__(self) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="rasa-baseline-"))
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = None

    def train(self) -> float:
        start = time.monotonic()
        subprocess.run(
            [sys.executable, "-m", "rasa", "init", "--no-prompt", "--init-dir", str(self.dir)],
            env=ENV,
            cwd=self.dir,
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        return time.monotonic() - start

    def start(self) -> float:
        log = open(self.dir / "rasa.log", "wb")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "rasa",
                "run",
                "--model",
                str(self.dir / "models"),
                "--interface",
                "127.0.0.1",
                "--port",
                str(self.port),
            ],
            env=ENV,
            cwd=self.dir,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        return wait_http(self.url + "/", self.process)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(30)


class Ours:
    """The clinic stack with a fresh database; chat rate limits lifted for load tests."""

    def __init__(self, profile: str = "default") -> None:
        var_dir = Path(tempfile.mkdtemp(prefix="clinic-bench-"))
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
        for name in (
            "RASA_URL",
            "RASA_URLS",
            "ACTION_SERVER_URL",
            "BOT_URL",
            "RASA_PORTS",
            "ACTIONS_PORTS",
            "PROFILE",
            "REDIS_URL",
            "DATABASE_URL",
        ):
            os.environ.pop(name, None)
        self.servers: list = []
        if profile == "production":
            sys.path.insert(0, str(PROJECT_DIR / "tests" / "production"))
            from local_servers import LocalPostgres, LocalRedis

            postgres, redis = LocalPostgres(), LocalRedis()
            self.servers = [postgres, redis]
            rasa_ports = tuple(free_port() for _ in range(PRODUCTION_WORKERS))
            actions_ports = tuple(free_port() for _ in range(PRODUCTION_WORKERS))
            settings = replace(
                settings,
                profile="production",
                database_url=postgres.url(),
                redis_url=redis.url,
                rasa_ports=rasa_ports,
                actions_ports=actions_ports,
                rasa_port=rasa_ports[0],
                actions_port=actions_ports[0],
            )
        self.stack = Stack(settings, DEFAULT_MODEL)
        self.url = settings.bot_url

    def start(self) -> float:
        for server in self.servers:
            server.start()
        start = time.monotonic()
        self.stack.start_all(report=lambda line: None)
        return time.monotonic() - start

    def pids(self) -> dict:
        return {name: s.process.pid for name, s in self.stack.services.items() if s.running()}

    def stop(self) -> None:
        self.stack.stop_all()
        for server in self.servers:
            server.remove()
