"""The launcher's command lines: no secret in any process's arguments (`ps` shows them to
every user), and internal services bound to INTERNAL_HOST whatever HOST says."""

from dataclasses import replace

import pytest
from rasa.__main__ import create_argument_parser

from bot.launcher import Stack
from clinic.settings import load_secrets, load_settings
from components.rasa_server import parse_args, rasa_argv


@pytest.mark.parametrize("token", ["-starts-with-a-dash", "plain_token"])
def test_no_token_is_on_any_command_line(tmp_path, monkeypatch, token):
    monkeypatch.setenv("RASA_TOKEN", token)
    stack = Stack(replace(load_settings(), var_dir=tmp_path))
    secrets = load_secrets(tmp_path)
    for service in stack.services.values():
        command_line = " ".join(service.argv)
        for value in secrets.values():
            assert value not in command_line, service.name
    # Rasa is started through the entry module that reads the token itself.
    argv = stack.services["rasa"].argv
    args = parse_args(argv[argv.index("components.rasa_server") + 1 :])
    assert args.port == stack.settings.rasa_port
    # ... and hands Rasa's own command line a token-free argument list it accepts.
    parsed = create_argument_parser().parse_args(rasa_argv(args, "127.0.0.1")[1:])
    assert parsed.auth_token is None and parsed.enable_api and parsed.interface == "127.0.0.1"


def test_internal_services_listen_on_internal_host_not_host(tmp_path, monkeypatch):
    monkeypatch.setenv("HOST", "0.0.0.0")
    monkeypatch.delenv("INTERNAL_HOST", raising=False)
    settings = replace(load_settings(), var_dir=tmp_path)
    assert settings.host == "0.0.0.0" and settings.internal_host == "127.0.0.1"
    stack = Stack(settings)
    assert stack.env["INTERNAL_HOST"] == "127.0.0.1"
    monkeypatch.setenv("INTERNAL_HOST", "10.1.2.3")
    assert load_settings().internal_host == "10.1.2.3"
