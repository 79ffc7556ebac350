"""`python -m components.rasa_server --model M --port P`: `rasa run --enable-api`, started
through Rasa's own command line (same logging, same set-up), with the secrets read here
instead of passed on it.

- It listens on INTERNAL_HOST (loopback by default) whatever HOST says.
- No `--auth-token`: that would put RASA_TOKEN in the process arguments (`ps` shows them
  to every user) and make Rasa accept it only as a `?token=` query string (which ends up
  in logs). The REST channel (components/rest_channel.py, named in credentials.yml) takes
  the token from the environment or var/secrets.json and requires it, as
  `Authorization: Bearer`, on every route but the health check. Starting without that
  channel would leave the API open, so this refuses to.
- ACTION_SERVER_TOKEN is exported to this process's environment before Rasa reads
  endpoints.yml, which sends it to the action server (`${ACTION_SERVER_TOKEN}`).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import List, Optional

import yaml

from clinic.settings import SECRET_NAMES, load_secrets, load_settings

GUARDING_CHANNEL = "components.rest_channel.GatewayRestInput"


def parse_args(argv: Optional[List[str]] = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m components.rasa_server")
    parser.add_argument("--model", required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--endpoints", default="endpoints.yml")
    parser.add_argument("--credentials", default="credentials.yml")
    # Unknown arguments (a Helm chart's own `run --enable-api ...`) are ignored.
    return parser.parse_known_args(argv)[0]


def rasa_argv(args: argparse.Namespace, interface: str) -> List[str]:
    return [
        "rasa",
        "run",
        "--model",
        args.model,
        "--enable-api",
        "--interface",
        interface,
        "--port",
        str(args.port),
        "--endpoints",
        args.endpoints,
        "--credentials",
        args.credentials,
    ]


def main(argv: Optional[List[str]] = None) -> None:
    args = parse_args(argv)
    channels = yaml.safe_load(Path(args.credentials).read_text()) or {}
    if GUARDING_CHANNEL not in channels:
        sys.exit(f"error: {args.credentials} must name {GUARDING_CHANNEL}: it guards Rasa's API")
    settings = load_settings()
    secrets = load_secrets(settings.var_dir)
    os.environ[SECRET_NAMES["actions_token"]] = secrets["actions_token"]
    sys.argv = rasa_argv(args, settings.internal_host)
    from rasa.__main__ import main as rasa_main

    rasa_main()


if __name__ == "__main__":
    main()
