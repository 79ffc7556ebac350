"""Fixtures for the action server's tests: an isolated outbox and environment per test, and
the stand-in for the app's POST /api/appointments."""

from __future__ import annotations

import pytest
from appointments_stand_in import TOKEN, AppointmentsStandIn, free_port


@pytest.fixture(autouse=True)
def isolated_environment(tmp_path, monkeypatch):
    """Own var dir, outbox file and token for every test; the app is unreachable by default."""
    monkeypatch.setenv("VAR_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("OUTBOX_PATH", str(tmp_path / "var" / "outbox.sqlite"))
    monkeypatch.setenv("APPOINTMENTS_API_TOKEN", TOKEN)
    monkeypatch.setenv("BOT_URL", f"http://127.0.0.1:{free_port()}")
    return tmp_path


@pytest.fixture
async def appointments(monkeypatch):
    stand_in = AppointmentsStandIn()
    await stand_in.start(monkeypatch)
    yield stand_in
    await stand_in.stop()
