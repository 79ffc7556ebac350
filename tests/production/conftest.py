"""The production profile for real: PostgreSQL, Redis, two Rasa processes, two action servers, the app.

`make test-production` runs this directory alone (`make pytest` leaves it out): the stack
takes a few minutes to start on a small machine, so one stack serves every test here, in
file order, the destructive fault tests last.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import pytest
from appointments_gate import AppointmentsGate
from local_servers import LocalPostgres, LocalRedis, free_port, missing_packages
from sqlalchemy.engine import Engine

from bot.launcher import DEFAULT_MODEL, Stack
from clinic.database import create_db_engine
from clinic.settings import load_settings

# Settings that would otherwise override the stack's own ports and URLs (clinic/settings.py).
STACK_ENV = (
    "RASA_URL",
    "RASA_URLS",
    "ACTION_SERVER_URL",
    "BOT_URL",
    "RASA_PORTS",
    "ACTIONS_PORTS",
    "PROFILE",
    "REDIS_URL",
    "DATABASE_URL",
    "DATA_ENCRYPTION_KEYS",
)
WORKERS = ("1", "2")


@pytest.fixture(scope="session")
def local_servers_available() -> None:
    missing = missing_packages()
    if missing:
        pytest.fail(
            f"missing Debian packages: {' '.join(missing)} (make test-production installs them)"
        )


@pytest.fixture(scope="session")
def postgres(local_servers_available):
    server = LocalPostgres()
    server.start()
    yield server
    server.remove()


@pytest.fixture(scope="session")
def redis_server(local_servers_available):
    server = LocalRedis()
    server.start()
    yield server
    server.remove()


@dataclass
class ProductionStack:
    stack: Stack
    postgres: LocalPostgres
    redis: LocalRedis
    gate: AppointmentsGate
    engine: Engine  # the app's database, for assertions on what is stored

    @property
    def bot_url(self) -> str:
        return self.stack.bot_url


@pytest.fixture(scope="session")
def production_stack(postgres, redis_server, tmp_path_factory):
    if not DEFAULT_MODEL.exists():
        pytest.fail(f"no trained model at {DEFAULT_MODEL}: run `make train` (make test does)")
    var_dir = tmp_path_factory.mktemp("production-var")
    rasa_ports = tuple(free_port() for _ in WORKERS)
    actions_ports = tuple(free_port() for _ in WORKERS)
    with pytest.MonkeyPatch.context() as env:
        for name in STACK_ENV:
            env.delenv(name, raising=False)
        # The test process reads what the stack stores with the stack's data key.
        env.setenv("DATA_KEY_FILE", str(var_dir / "keys" / "data.key"))
        settings = replace(
            load_settings(),
            var_dir=var_dir,
            host="127.0.0.1",
            bot_port=free_port(),
            rasa_port=rasa_ports[0],
            actions_port=actions_ports[0],
            rasa_ports=rasa_ports,
            actions_ports=actions_ports,
            database_url=postgres.url(),
            redis_url=redis_server.url,
            profile="production",
            chat_rate_limits=False,  # 50 visitors from one address
        )
        gate = AppointmentsGate(settings.bot_url, [f"actions-{n}" for n in WORKERS])
        gate.start()
        stack = Stack(
            settings,
            DEFAULT_MODEL,
            service_env={f"actions-{n}": {"BOT_URL": gate.url(f"actions-{n}")} for n in WORKERS},
        )
        engine = create_db_engine(settings.database_url)
        try:
            stack.start_all(report=lambda line: None)
            yield ProductionStack(stack, postgres, redis_server, gate, engine)
        finally:
            stack.stop_all()
            engine.dispose()
            gate.stop()
