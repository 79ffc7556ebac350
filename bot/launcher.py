"""`make run`: start Rasa, the action server and the web app; stop them all on Ctrl-C.

The same Stack class starts the processes for the end-to-end tests, so what is tested
is what runs.

PROFILE=production (issue 8) starts one Rasa process per RASA_PORTS entry (rasa-1, rasa-2),
each with its own action server (actions-1, actions-2): a Rasa process and its action
server fail together, like a pod, and no single action server is left that every turn
needs. They share the database (DATABASE_URL, PostgreSQL), the Redis lock store
(REDIS_URL) and the outbox file under VAR_DIR; the app's gateway spreads conversations
over the Rasa processes and fails over between them.
"""

from __future__ import annotations

import ctypes
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional

import psutil

from clinic.profile import load_profile
from clinic.settings import PROJECT_DIR, Settings, load_secrets, load_settings

DEFAULT_MODEL = PROJECT_DIR / "models" / "current.tar.gz"
READY_TIMEOUT_S = 240.0
# Rasa's lock on a conversation (TICKET_LOCK_LIFETIME) outlives a turn that dies with its
# Rasa process by this long (Rasa's default: 60 s). Longer than a turn riding out a database
# outage (components/database_outage.py, 20 s); shorter than the gateway's wait for the
# turn it moved to the other Rasa process (bot/rasa_client.py, 30 s), so that turn is
# answered. deploy/Dockerfile sets the same.
CONVERSATION_LOCK_S = 25
PR_SET_PDEATHSIG = 1  # linux/prctl.h


def die_with_parent() -> None:
    """In the child, before exec: Linux sends it SIGTERM when the launcher dies, however it
    dies (SIGKILL included), so no 1 GB Rasa is left running unseen."""
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def port_holder(port: int) -> str:
    """Who listens on a TCP port, as far as this user may see ("pid 123 (python3.10)")."""
    try:
        for conn in psutil.net_connections("tcp"):
            if (
                conn.status == psutil.CONN_LISTEN
                and conn.laddr
                and conn.laddr.port == port
                and conn.pid
            ):
                return f"pid {conn.pid} ({psutil.Process(conn.pid).name()})"
    except (psutil.Error, OSError):
        pass
    return "another process"


def taken_ports(host: str, ports: List[int]) -> List[str]:
    """One line per port that cannot be bound, naming what holds it."""
    taken = []
    for port in ports:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind((host, port))
            except OSError:
                taken.append(f"port {port} on {host} is already in use by {port_holder(port)}")
    return taken


@dataclass
class Service:
    name: str
    argv: List[str]
    health_url: str
    env: Dict[str, str] = field(default_factory=dict)  # on top of the stack's environment
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
    """The processes of one installation, sharing one environment.

    Default profile: rasa, actions, bot. Production: rasa-1..n, actions-1..n, bot.
    """

    settings: Settings
    model: Path = DEFAULT_MODEL
    services: Dict[str, Service] = field(default_factory=dict)
    # Extra environment for single services, e.g. {"actions-1": {"BOT_URL": ...}} in tests.
    service_env: Dict[str, Dict[str, str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        s = self.settings
        load_secrets(s.var_dir)  # generated once here, before the processes read them
        self.env = {
            **os.environ,
            "VAR_DIR": str(s.var_dir),
            "HOST": s.host,
            "INTERNAL_HOST": s.internal_host,
            "BOT_PORT": str(s.bot_port),
            "RASA_PORT": str(s.rasa_port),
            "ACTIONS_PORT": str(s.actions_port),
            "DATABASE_URL": s.database_url,
            "ACTION_SERVER_URL": s.action_server_url,
            "RASA_URL": s.rasa_url,
            "RASA_URLS": ",".join(s.rasa_urls),
            "BOT_URL": s.bot_url,
            "PROFILE": s.profile,
            "REDIS_URL": s.redis_url,
            "CHAT_RATE_LIMITS": "on" if s.chat_rate_limits else "off",
            "RASA_TELEMETRY_ENABLED": "false",
            "TF_CPP_MIN_LOG_LEVEL": "2",
            "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
            "TICKET_LOCK_LIFETIME": str(CONVERSATION_LOCK_S),
            "PYTHONPATH": str(PROJECT_DIR),
        }
        if s.production:  # the app's health check lists every local Rasa and action server
            self.env["RASA_PORTS"] = ",".join(map(str, s.rasa_ports))
            self.env["ACTIONS_PORTS"] = ",".join(map(str, s.actions_ports))
        pairs = (
            list(zip(s.rasa_ports, s.actions_ports))
            if s.production
            else [(s.rasa_port, s.actions_port)]
        )
        py = sys.executable
        wildcard = s.internal_host in ("0.0.0.0", "::", "")
        local = f"http://{'127.0.0.1' if wildcard else s.internal_host}"
        for number, (rasa_port, actions_port) in enumerate(pairs, 1):
            suffix = f"-{number}" if s.production else ""
            rasa = Service(
                "rasa" + suffix,
                # Tokens are read by the entry module (environment or var/secrets.json),
                # never passed here: the process arguments are visible to every user.
                [
                    py,
                    "-m",
                    "components.rasa_server",
                    "--model",
                    str(self.model),
                    "--port",
                    str(rasa_port),
                ],
                f"{local}:{rasa_port}/",
            )
            actions = Service(
                "actions" + suffix, [py, "-m", "actions.server"], f"{local}:{actions_port}/health"
            )
            if s.production:  # each process its own port; each Rasa its own action server
                rasa.env = {
                    "RASA_PORT": str(rasa_port),
                    "ACTION_SERVER_URL": f"{local}:{actions_port}/webhook",
                }
                actions.env = {"ACTIONS_PORT": str(actions_port)}
            self.services[rasa.name], self.services[actions.name] = rasa, actions
        self.services["bot"] = Service(
            "bot", [py, "-m", "bot", "serve"], f"http://127.0.0.1:{s.bot_port}/healthz"
        )
        for name, extra in self.service_env.items():
            self.services[name].env.update(extra)

    @property
    def rasa_names(self) -> List[str]:
        return [n for n in self.services if n.startswith("rasa")]

    @property
    def actions_names(self) -> List[str]:
        return [n for n in self.services if n.startswith("actions")]

    @property
    def bot_url(self) -> str:
        return self.settings.bot_url

    @property
    def rasa_url(self) -> str:
        return self.settings.rasa_url

    @property
    def rasa_urls(self) -> List[str]:
        return list(self.settings.rasa_urls)

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
        subprocess.run(
            [sys.executable, "-m", "bot", "migrate"], env=self.env, cwd=PROJECT_DIR, check=True
        )

    def start(self, name: str) -> None:
        service = self.services[name]
        log_dir = self.settings.var_dir / "log"
        log_dir.mkdir(parents=True, exist_ok=True)
        service.log_path = log_dir / f"{name}.log"
        with open(service.log_path, "ab") as log:
            service.process = subprocess.Popen(
                service.argv,
                cwd=PROJECT_DIR,
                env={**self.env, **service.env},
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                preexec_fn=die_with_parent,
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

    @property
    def ports(self) -> List[int]:
        s = self.settings
        if s.production:
            return [*s.rasa_ports, *s.actions_ports, s.bot_port]
        return [s.rasa_port, s.actions_port, s.bot_port]

    def start_all(self, report=print) -> None:
        self.migrate()
        for name in self.rasa_names + self.actions_names:
            self.start(name)
        self.wait_ready(self.actions_names + self.rasa_names, report)
        self.start("bot")
        self.wait_ready(["bot"], report)

    def stop_all(self) -> None:
        for name in ["bot", *self.actions_names, *self.rasa_names]:
            self.stop(name)


RESTART_AFTER_S = 60.0  # production: a worker that crashes again sooner is not restarted again


def production_checks(settings: Settings) -> List[str]:
    """Errors that stop PROFILE=production from starting; prints the warnings."""
    if not settings.production:
        return []
    errors = []
    if not settings.redis_url:
        errors.append(
            "PROFILE=production needs REDIS_URL (redis://host:6379/0): the Rasa processes share"
            " each conversation's lock there"
        )
    if settings.database_url.startswith("sqlite"):
        print(
            "warning: DATABASE_URL is SQLite: fine on this one machine, but a cluster needs"
            " DATABASE_URL=postgresql://..."
        )
    return errors


def running_banner(stack: Stack) -> str:
    s = stack.settings
    lines = [
        "",
        "The assistant is running:",
        f"    demo page + widget  {s.bot_url}/",
        f"    health              {s.bot_url}/healthz",
    ]
    if s.production:
        for rasa, actions in zip(stack.rasa_names, stack.actions_names):
            lines.append(
                f"    {rasa:<8}{stack.services[rasa].health_url:<32}{actions:<10}{stack.services[actions].health_url}"
            )
        lines.append(
            f"    lock store          Redis ({len(stack.rasa_names)} Rasa processes share conversations)"
        )
    else:
        lines += [
            f"    Rasa server         {s.rasa_url}",
            f"    action server       http://127.0.0.1:{s.actions_port}",
        ]
    lines += [s.notify.status_line(), "Press Ctrl-C to stop."]
    return "\n".join(lines)


def supervise(stack: Stack) -> int:
    """Wait until a process stops. Production restarts a crashed Rasa or action server once a
    minute at most (the other pair serves meanwhile); anything else stops the stack."""
    restarted: Dict[str, float] = {}
    while True:
        time.sleep(1)
        for name, service in stack.services.items():
            if service.running():
                continue
            again_too_soon = (
                time.monotonic() - restarted.get(name, -RESTART_AFTER_S) < RESTART_AFTER_S
            )
            if not stack.settings.production or name == "bot" or again_too_soon:
                print(
                    f"error: {name} stopped unexpectedly:\n{stack.log_tail(name)}", file=sys.stderr
                )
                return 1
            print(
                f"warning: {name} stopped (exit code {service.process.returncode}); restarting it,"
                " the other processes serve meanwhile",
                file=sys.stderr,
            )
            restarted[name] = time.monotonic()
            stack.start(name)


def main() -> int:
    settings = load_settings()
    model = Path(os.environ.get("MODEL_PATH", DEFAULT_MODEL))
    if not model.exists():
        print(
            f"error: no trained model at {model}; run `make run` (it trains first).",
            file=sys.stderr,
        )
        return 1
    errors = production_checks(settings)
    if errors:
        print("\n".join(f"error: {e}" for e in errors), file=sys.stderr)
        return 1
    missing = load_profile().placeholders()
    if missing:
        print(
            f"warning: clinic.yml still has PLACEHOLDER values for: {', '.join(missing)}."
            " Fill them in before going live."
        )
    stack = Stack(settings, model)

    def shut_down(signum, frame):
        # Once: a second signal while the children are being stopped must not cut that short.
        for again in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
            signal.signal(again, signal.SIG_IGN)
        raise KeyboardInterrupt

    internal = [p for p in stack.ports if p != settings.bot_port]
    taken = taken_ports(settings.host, [settings.bot_port]) + taken_ports(
        settings.internal_host, internal
    )
    if taken:
        print(
            "\n".join(f"error: {t}" for t in taken) + "\nStop it, or choose other ports"
            " (BOT_PORT, RASA_PORT, ACTIONS_PORT).",
            file=sys.stderr,
        )
        return 1

    # Each explicitly: a process started in the background inherits SIGINT ignored; SIGHUP
    # is the terminal closing. The children also die with this process (die_with_parent).
    for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(signum, shut_down)
    what = f"{len(stack.rasa_names)} Rasa processes" if settings.production else "Rasa"
    print(
        f"    starting {what} (loading the model takes a while), the action server and the web app;"
        f" logs in {settings.var_dir / 'log'}"
    )
    try:
        stack.start_all()
        print(running_banner(stack))
        return supervise(stack)
    except KeyboardInterrupt:
        print("\nstopping ...")
        return 0
    except (RuntimeError, subprocess.CalledProcessError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    finally:
        stack.stop_all()
        print("all processes stopped.")
