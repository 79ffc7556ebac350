"""PROFILE=production from the environment to the processes `make run` starts (no process started here)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.launcher import Stack, production_checks
from clinic.settings import load_settings

URL_SETTINGS = (
    "RASA_URL",
    "RASA_URLS",
    "ACTION_SERVER_URL",
    "ACTION_SERVER_URLS",
    "RASA_PORTS",
    "ACTIONS_PORTS",
    "RASA_PORT",
    "ACTIONS_PORT",
    "REDIS_URL",
    "PROFILE",
)


@pytest.fixture
def env(monkeypatch, tmp_path):
    for name in URL_SETTINGS:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("VAR_DIR", str(tmp_path))
    return monkeypatch


def test_production_runs_two_rasa_processes_each_with_its_own_action_server(env):
    env.setenv("PROFILE", "production")
    env.setenv("REDIS_URL", "redis://127.0.0.1:6379/0")
    settings = load_settings()
    assert settings.rasa_urls == ("http://127.0.0.1:5005", "http://127.0.0.1:5006")
    assert production_checks(settings) == []

    stack = Stack(settings)
    assert list(stack.services) == ["rasa-1", "actions-1", "rasa-2", "actions-2", "bot"]
    for n, (rasa_port, actions_port) in enumerate([(5005, 5055), (5006, 5056)], 1):
        rasa, actions = stack.services[f"rasa-{n}"], stack.services[f"actions-{n}"]
        assert rasa.argv[rasa.argv.index("--port") + 1] == str(rasa_port)
        assert rasa.env["ACTION_SERVER_URL"] == f"http://127.0.0.1:{actions_port}/webhook"
        assert rasa.env["SANIC_WORKERS"] == "1"  # a process per port, not forked workers
        assert actions.env["ACTIONS_PORT"] == str(actions_port)
    # Every process gets the shared stores; the app gets both Rasa servers.
    assert stack.env["REDIS_URL"] == "redis://127.0.0.1:6379/0"
    assert stack.env["RASA_URLS"] == "http://127.0.0.1:5005,http://127.0.0.1:5006"


def test_each_local_process_keeps_its_own_port_under_the_shared_lists(env):
    # What an action server started by the production stack sees.
    env.setenv("PROFILE", "production")
    env.setenv("ACTIONS_PORTS", "6001,6002")
    env.setenv("ACTIONS_PORT", "6002")
    settings = load_settings()
    assert settings.actions_port == 6002
    assert settings.action_server_urls == (
        "http://127.0.0.1:6001/webhook",
        "http://127.0.0.1:6002/webhook",
    )


def test_production_without_redis_refuses_to_start(env):
    env.setenv("PROFILE", "production")
    (error,) = production_checks(load_settings())
    assert "REDIS_URL" in error


def test_cluster_lists_win_over_local_ports(env):
    env.setenv("RASA_URLS", "http://rasa-1:5005/, http://rasa-2:5005")
    env.setenv("ACTION_SERVER_URLS", "http://actions-1:5055/webhook,http://actions-2:5055/webhook")
    settings = load_settings()
    assert settings.rasa_urls == ("http://rasa-1:5005", "http://rasa-2:5005")
    assert settings.action_server_urls == (
        "http://actions-1:5055/webhook",
        "http://actions-2:5055/webhook",
    )


def test_default_profile_keeps_one_of_each(env):
    settings = replace(load_settings(), rasa_port=7005, actions_port=7055)
    stack = Stack(settings)
    assert list(stack.services) == ["rasa", "actions", "bot"]
    assert settings.rasa_urls == ("http://127.0.0.1:7005",)
    # one Rasa server with two forked workers on its port (issue 21), one action server
    assert (
        stack.services["rasa"].env == {"SANIC_WORKERS": "2"}
        and stack.env["ACTION_SERVER_URL"] == "http://127.0.0.1:7055/webhook"
    )


def test_unknown_profile_is_an_error(env):
    env.setenv("PROFILE", "prod")
    with pytest.raises(ValueError, match="PROFILE"):
        load_settings()
