"""The launcher's command lines are what Rasa's own argument parser accepts."""

from dataclasses import replace

import pytest
from rasa.__main__ import create_argument_parser

from bot.launcher import Stack
from clinic.settings import load_settings


@pytest.mark.parametrize("token", ["-starts-with-a-dash", "plain_token"])
def test_rasa_gets_its_auth_token_even_when_it_starts_with_a_dash(tmp_path, monkeypatch, token):
    # secrets.token_urlsafe() may start with "-": as a separate argument argparse
    # would take it for an option and Rasa would not start.
    monkeypatch.setenv("RASA_TOKEN", token)
    stack = Stack(replace(load_settings(), var_dir=tmp_path))
    argv = stack.services["rasa"].argv
    args = create_argument_parser().parse_args(argv[argv.index("rasa") + 1 :])
    assert args.auth_token == token
    assert args.enable_api
