"""Fixtures for tests/spanish (the safety fixtures: one tracker and rendering helper; the
production path for conversations through the trained model)."""

import os
import socket
import sys
from pathlib import Path

import pytest

# The Spanish evaluation runs the safety harness (tests/safety/safety_eval_harness.py).
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "safety"))

from safety_fixtures import domain, profile  # noqa: E402,F401


@pytest.fixture(scope="module")
def production(tmp_path_factory):
    """The trained model and the real actions; the outbox in a temporary directory and
    the app on a closed port (requests are queued, never delivered)."""
    from safety_eval_harness import ProductionPath

    from tests.conftest import require_model

    var_dir = tmp_path_factory.mktemp("var")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed_port = sock.getsockname()[1]
    env = {
        "VAR_DIR": str(var_dir),
        "OUTBOX_PATH": str(var_dir / "outbox.sqlite"),
        "APPOINTMENTS_API_TOKEN": "spanish-test-token",
        "BOT_URL": f"http://127.0.0.1:{closed_port}",
    }
    saved = {name: os.environ.get(name) for name in env}
    os.environ.update(env)
    path = ProductionPath(str(require_model()))
    yield path
    path.close()
    for name, value in saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
