"""`make run` leaves nothing behind: however the launcher ends, its children end too, and a
port already taken is named with the process that holds it."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest
from local_ports import free_port

from tests.conftest import require_model

ROOT = Path(__file__).resolve().parents[2]
RUNNING = "The assistant is running"


def launcher_env(var_dir: Path, **ports: int) -> dict:
    env = {
        k: v for k, v in os.environ.items() if k not in ("RASA_URL", "ACTION_SERVER_URL", "BOT_URL")
    }
    env.update(
        VAR_DIR=str(var_dir),
        HOST="127.0.0.1",
        DATABASE_URL=f"sqlite:///{var_dir / 'clinic.db'}",
        MODEL_PATH=str(require_model()),
        PYTHONPATH=str(ROOT),
        PYTHONUNBUFFERED="1",
        BOT_PORT=str(ports.get("bot", free_port())),
        RASA_PORT=str(ports.get("rasa", free_port())),
        ACTIONS_PORT=str(ports.get("actions", free_port())),
    )
    return env


def start_launcher(var_dir: Path, **ports: int) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "bot", "run"],
        cwd=ROOT,
        env=launcher_env(var_dir, **ports),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def wait_running(launcher: subprocess.Popen, timeout: float = 240) -> None:
    deadline = time.monotonic() + timeout
    seen = []
    for line in launcher.stdout:
        seen.append(line)
        if RUNNING in line:
            return
        if time.monotonic() > deadline:
            break
    pytest.fail("the launcher did not report a running stack:\n" + "".join(seen[-30:]))


def gone(pids, timeout: float = 40) -> list:
    """The pids still alive after the timeout (zombies count as gone)."""
    deadline = time.monotonic() + timeout
    alive = list(pids)
    while alive and time.monotonic() < deadline:
        alive = [
            p
            for p in alive
            if psutil.pid_exists(p) and psutil.Process(p).status() != psutil.STATUS_ZOMBIE
        ]
        time.sleep(0.5)
    return alive


@pytest.mark.parametrize(
    "sig", [signal.SIGHUP, signal.SIGTERM, signal.SIGKILL], ids=lambda s: s.name
)
def test_no_process_outlives_the_launcher(tmp_path, sig):
    launcher = start_launcher(tmp_path)
    try:
        wait_running(launcher)
        services = psutil.Process(launcher.pid).children()
        assert len(services) == 3, "rasa, actions and bot"
        # and Rasa's forked Sanic workers (two in the default profile), which must end too
        children = [c.pid for c in psutil.Process(launcher.pid).children(recursive=True)]
        assert len(children) == 5, "rasa with its 2 workers, actions and bot"
        launcher.send_signal(sig)
        launcher.wait(60)
        assert gone(children) == []
    finally:
        if launcher.poll() is None:
            launcher.kill()
        launcher.wait()
        for child in psutil.process_iter():  # never leave a stray stack to the next test
            try:
                if child.environ().get("VAR_DIR") == str(tmp_path):
                    child.kill()
            except psutil.Error:
                pass


def test_a_taken_port_is_named_with_its_holder(tmp_path):
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        launcher = start_launcher(tmp_path, bot=port)
        out, _ = launcher.communicate(timeout=120)
    assert launcher.returncode == 1
    assert f"port {port} on 127.0.0.1 is already in use by pid {os.getpid()}" in out
    assert "BOT_PORT" in out
