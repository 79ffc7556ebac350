"""The action server entrypoint: every action module registered, and queued requests
delivered after a (re)start by the server's own delivery loop."""

import asyncio
import os
import subprocess
import sys
import time
import urllib.request

import yaml
from action_trackers import DOMAIN, PROJECT_DIR
from appointments_stand_in import AppointmentsStandIn, free_port
from rasa_sdk.executor import ActionExecutor

from clinic.action_outbox import default_outbox
from clinic.privacy_markers import conversation_tag


def booking_actions_in_domain():
    with open(PROJECT_DIR / "domain.yml", encoding="utf-8") as f:
        lines = (
            f.read().split("  # --- booking actions (issue 3) ---\n", 1)[1].split("  # ---", 1)[0]
        )
    return [entry["name"] if isinstance(entry, dict) else entry for entry in yaml.safe_load(lines)]


def test_package_walk_registers_every_domain_action():
    executor = ActionExecutor()
    executor.register_package("actions")
    booking = booking_actions_in_domain()
    assert "action_submit_booking" in booking and "validate_booking_form" in booking
    custom = [a for a in DOMAIN["actions"] if a.startswith(("action_", "validate_"))]
    missing = [name for name in custom if name not in executor.actions]
    assert missing == []
    modules = {
        f"actions.{path.stem}"
        for path in (PROJECT_DIR / "actions").glob("*.py")
        if path.stem != "__init__"
    }
    assert modules <= set(sys.modules)


def wait_until(check, timeout_s: float) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.2)
    return False


def healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=1) as response:
            return response.status == 200
    except OSError:
        return False


async def test_server_delivers_what_was_queued_before_it_started(monkeypatch, tmp_path):
    # A request queued while the app was unreachable (e.g. before a restart).
    row = default_outbox().enqueue(
        "booking-queued-before-restart",
        "booking",
        "NTX-7K3Q9",
        "conv-9",
        {
            "kind": "booking",
            "conversation_id": "conv-9",
            "full_name": "Xochitl Nguyen",
            "phone": "+12145550100",
            "contact_consent": True,
        },
    )
    app = await AppointmentsStandIn().start(monkeypatch)
    port = free_port()
    env = {
        **os.environ,
        "ACTIONS_PORT": str(port),
        "HOST": "127.0.0.1",
        "PYTHONPATH": str(PROJECT_DIR),
    }
    log = tmp_path / "actions.log"
    with open(log, "wb") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "actions.server"],
            cwd=PROJECT_DIR,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        up = await asyncio.to_thread(
            wait_until, lambda: healthy(f"http://127.0.0.1:{port}/health"), 60
        )
        assert up, log.read_text(errors="replace")
        for _ in range(100):
            if app.requests:
                break
            await asyncio.sleep(0.1)
        [request] = app.requests
        assert request["body"]["reference"] == "NTX-7K3Q9"
        assert request["headers"]["Idempotency-Key"] == "booking-queued-before-restart"
        for _ in range(50):
            if default_outbox().get(row.idempotency_key).status == "delivered":
                break
            await asyncio.sleep(0.1)
        assert default_outbox().get(row.idempotency_key).status == "delivered"
        # Logged with the conversation's tag, never its raw id (the key to its transcript).
        for _ in range(50):
            if "event=delivered" in log.read_text(errors="replace"):
                break
            await asyncio.sleep(0.1)
        logged = log.read_text(errors="replace")
        assert f"conversation={conversation_tag('conv-9')} " in logged
        assert "conv-9" not in logged
    finally:
        server.terminate()
        try:
            server.wait(15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        await app.stop()
