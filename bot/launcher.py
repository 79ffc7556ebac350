"""`make run`: start Rasa, the action server and the web app; stop them all on Ctrl-C.

The same Stack class starts the processes for the end-to-end tests, so what is tested
is what runs.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional

from actions.clinic_profile import load_profile
from bot.settings import PROJECT_DIR, Settings, load_secrets, load_settings

DEFAULT_MODEL = PROJECT_DIR / "models" / "current.tar.gz"
READY_TIMEOUT_S = 240.0


@dataclass
class Service:
    name: str
    argv: List[str]
    health_url: str
    process: Optional[subprocess.Popen] = None
    log_path: Optional[Path] = None

    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def healthy(self) -> bool:
        try:
            with urllib.request.urlopen(self.health_url, timeout=2) as response:
                return response.status == 200
        except OSError:
            return False


@dataclass
class Stack:
    """The three processes of one installation, sharing one environment."""

    settings: Settings
    model: Path = DEFAULT_MODEL
    services: Dict[str, Service] = field(default_factory=dict)

    def __post_init__(self) -> None:
        s, py = self.settings, sys.executable
        secrets = load_secrets(s.var_dir)
        self.env = {
            **os.environ,
            "VAR_DIR": str(s.var_dir),
            "HOST": s.host,
            "BOT_PORT": str(s.bot_port),
            "RASA_PORT": str(s.rasa_port),
            "ACTIONS_PORT": str(s.actions_port),
            "DATABASE_URL": s.database_url,
            "ACTION_SERVER_URL": s.action_server_url,
            "RASA_URL": s.rasa_url,
            "BOT_URL": s.bot_url,
            "RASA_TELEMETRY_ENABLED": "false",
            "TF_CPP_MIN_LOG_LEVEL": "2",
            "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
            "PYTHONPATH": str(PROJECT_DIR),
        }
        local = "http://127.0.0.1"
        self.services = {
            "rasa": Service(
                "rasa",
                [py, "-m", "rasa", "run", "--model", str(self.model), "--enable-api",
                 "--auth-token", secrets["rasa_token"], "--interface", s.host,
                 "--port", str(s.rasa_port), "--endpoints", "endpoints.yml",
                 "--credentials", "credentials.yml"],
                f"{local}:{s.rasa_port}/",
            ),
            "actions": Service(
                "actions", [py, "-m", "actions.server"], f"{local}:{s.actions_port}/health"
            ),
            "bot": Service("bot", [py, "-m", "bot", "serve"], f"{local}:{s.bot_port}/healthz"),
        }

    @property
    def bot_url(self) -> str:
        return self.settings.bot_url

    @property
    def rasa_url(self) -> str:
        return self.settings.rasa_url

    @property
    def actions_url(self) -> str:
        return f"http://127.0.0.1:{self.settings.actions_port}"

    @property
    def var_dir(self) -> Path:
        return self.settings.var_dir

    @property
    def database_url(self) -> str:
        return self.settings.database_url

    def migrate(self) -> None:
        subprocess.run([sys.executable, "-m", "bot", "migrate"], env=self.env, cwd=PROJECT_DIR, check=True)

    def start(self, name: str) -> None:
        service = self.services[name]
        log_dir = self.settings.var_dir / "log"
        log_dir.mkdir(parents=True, exist_ok=True)
        service.log_path = log_dir / f"{name}.log"
        with open(service.log_path, "ab") as log:
            service.process = subprocess.Popen(
                service.argv, cwd=PROJECT_DIR, env=self.env, stdout=log,
                stderr=subprocess.STDOUT, start_new_session=True,
            )

    def stop(self, name: str, sig: int = signal.SIGTERM, timeout: float = 15.0) -> None:
        service = self.services[name]
        if not service.running():
            return
        service.process.send_signal(sig)
        try:
            service.process.wait(timeout)
        except subprocess.TimeoutExpired:
            service.process.kill()
            service.process.wait()

    def wait_ready(self, names: List[str], report=print, timeout: float = READY_TIMEOUT_S) -> None:
        """Poll each service's health URL; raise with the log tail if one dies or times out."""
        started, waiting = time.monotonic(), list(names)
        while waiting:
            for name in list(waiting):
                service = self.services[name]
                if not service.running():
                    raise RuntimeError(f"{name} exited during start-up:\n{self.log_tail(name)}")
                if service.healthy():
                    waiting.remove(name)
                    report(f"    {name:<8} ready after {time.monotonic() - started:5.1f} s")
            if time.monotonic() - started > timeout:
                raise RuntimeError(f"not healthy after {timeout:.0f} s: {', '.join(waiting)}")
            time.sleep(0.25)

    def log_tail(self, name: str, lines: int = 25) -> str:
        path = self.services[name].log_path
        if not path or not path.exists():
            return ""
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])

    def start_all(self, report=print) -> None:
        self.migrate()
        for name in ("rasa", "actions"):
            self.start(name)
        self.wait_ready(["actions", "rasa"], report)
        self.start("bot")
        self.wait_ready(["bot"], report)

    def stop_all(self) -> None:
        for name in ("bot", "actions", "rasa"):
            self.stop(name)


def main() -> int:
    settings = load_settings()
    model = Path(os.environ.get("MODEL_PATH", DEFAULT_MODEL))
    if not model.exists():
        print(f"error: no trained model at {model}; run `make run` (it trains first).", file=sys.stderr)
        return 1
    missing = load_profile().placeholders()
    if missing:
        print(f"warning: clinic.yml still has PLACEHOLDER values for: {', '.join(missing)}."
              " Fill them in before going live.")
    stack = Stack(settings, model)

    def shut_down(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, shut_down)
    print("    starting Rasa (loading the model takes a while), the action server and the web app;"
          f" logs in {settings.var_dir / 'log'}")
    try:
        stack.start_all()
        print(
            "\nThe assistant is running:\n"
            f"    demo page + widget  {settings.bot_url}/\n"
            f"    health              {settings.bot_url}/healthz\n"
            f"    Rasa server         {settings.rasa_url}\n"
            f"    action server       http://127.0.0.1:{settings.actions_port}\n"
            f"{settings.notify.status_line()}\n"
            "Press Ctrl-C to stop."
        )
        while all(s.running() for s in stack.services.values()):
            time.sleep(1)
        down = [n for n, s in stack.services.items() if not s.running()]
        print(f"error: {', '.join(down)} stopped unexpectedly:\n{stack.log_tail(down[0])}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nstopping ...")
        return 0
    except (RuntimeError, subprocess.CalledProcessError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    finally:
        stack.stop_all()
        print("all processes stopped.")
