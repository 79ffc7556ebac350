"""Rasa and the action server face only the web app: they listen on INTERNAL_HOST
(loopback) even when HOST is 0.0.0.0, and refuse every caller without their token.

The live stack checks the real Rasa (model loaded) and action server; the two servers
started here with HOST=0.0.0.0 check where they bind (Rasa without a model: binding and
authentication do not need one)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import aiohttp
import psutil
import pytest
from local_ports import free_port

from clinic.settings import PROJECT_DIR, SECRET_NAMES, load_secrets

FORGED_CALL = {
    "next_action": "action_submit_booking",
    "sender_id": "someone-elses-conversation",
    "tracker": {"sender_id": "someone-elses-conversation", "slots": {}, "events": []},
    "domain": {},
}


async def status_of(method: str, url: str, **kwargs) -> int:
    async with aiohttp.ClientSession() as http:
        async with http.request(method, url, **kwargs) as response:
            return response.status


@pytest.mark.stack
async def test_live_rasa_and_action_server_refuse_callers_without_their_token(live_stack):
    secrets = load_secrets(live_stack.var_dir)
    rasa, actions = live_stack.rasa_url, live_stack.actions_url
    turn = {"sender": "someone-elses-conversation", "message": "/crisis"}
    assert await status_of("POST", f"{rasa}/webhooks/rest/webhook", json=turn) == 401
    assert await status_of("GET", f"{rasa}/conversations/x/tracker") == 401
    # Rasa's own query-string token is not accepted either.
    query = {"token": secrets["rasa_token"]}
    assert await status_of("GET", f"{rasa}/conversations/x/tracker", params=query) == 401
    assert await status_of("GET", f"{rasa}/status", params=query) == 401
    # The app's token opens the API (header only).
    bearer = {"Authorization": f"Bearer {secrets['rasa_token']}"}
    assert await status_of("GET", f"{rasa}/conversations/x/tracker", headers=bearer) == 200
    # A forged tracker sent straight to the action server is refused.
    assert await status_of("POST", f"{actions}/webhook", json=FORGED_CALL) == 401
    assert await status_of("GET", f"{actions}/actions") == 401
    wrong = {"Authorization": f"Bearer {secrets['rasa_token']}"}  # another service's token
    assert await status_of("POST", f"{actions}/webhook", json=FORGED_CALL, headers=wrong) == 401
    # Health checks stay open.
    assert await status_of("GET", f"{rasa}/") == 200
    assert await status_of("GET", f"{actions}/health") == 200
    for name in ("rasa", "actions"):
        assert listening_addresses(live_stack.services[name].process.pid) == {"127.0.0.1"}


def listening_addresses(pid: int) -> set:
    process = psutil.Process(pid)
    found = set()
    for proc in [process, *process.children(recursive=True)]:
        for conn in proc.connections("inet"):
            if conn.status == psutil.CONN_LISTEN:
                found.add(conn.laddr.ip)
    return found


def start(argv, tmp_path: Path, port_env: dict) -> subprocess.Popen:
    env = {
        **os.environ,
        **port_env,
        "HOST": "0.0.0.0",
        "VAR_DIR": str(tmp_path),
        "PYTHONPATH": str(PROJECT_DIR),
        "RASA_TELEMETRY_ENABLED": "false",
        "ACTION_SERVER_URL": "http://127.0.0.1:9/webhook",
    }
    for name in ("INTERNAL_HOST", *SECRET_NAMES.values()):
        env.pop(name, None)
    log = open(tmp_path / f"{argv[2]}.log", "wb")
    return subprocess.Popen(argv, cwd=PROJECT_DIR, env=env, stdout=log, stderr=subprocess.STDOUT)


def wait_listening(process: subprocess.Popen, port: int, timeout_s: float = 120) -> set:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        assert process.poll() is None, "server exited"
        found = listening_addresses(process.pid)
        if found:
            return found
        time.sleep(0.5)
    raise AssertionError("server did not listen")


@pytest.mark.parametrize(
    "argv, port_name",
    [
        ([sys.executable, "-m", "actions.server"], "ACTIONS_PORT"),
        ([sys.executable, "-m", "components.rasa_server", "--model", "no-model.tar.gz"], None),
    ],
    ids=["action server", "rasa"],
)
async def test_internal_servers_bind_loopback_even_when_host_is_public(tmp_path, argv, port_name):
    port = free_port()
    argv = argv + ([] if port_name else ["--port", str(port)])
    load_secrets(tmp_path)
    process = start(argv, tmp_path, {port_name: str(port)} if port_name else {})
    try:
        assert wait_listening(process, port) == {"127.0.0.1"}
        path = "/webhook" if port_name else "/webhooks/rest/webhook"
        for _ in range(60):  # listening; routes may take a moment longer
            try:
                status = await status_of("POST", f"http://127.0.0.1:{port}{path}", json={})
                break
            except aiohttp.ClientError:
                time.sleep(0.5)
        assert status == 401
    finally:
        process.terminate()
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
