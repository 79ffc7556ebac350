"""`python -m components.rasa_server --model M --port P`: Rasa's server, started the way
`rasa run --enable-api` starts it, but with its secrets read here, never on the command line.

- It listens on INTERNAL_HOST (loopback by default) whatever HOST says.
- RASA_TOKEN (environment or var/secrets.json) guards the whole HTTP API, the REST channel
  included, as `Authorization: Bearer <token>`: Rasa's own `--auth-token` would put the
  token in the process arguments (`ps` shows them to every user) and accept it only as a
  `?token=` query string (which ends up in logs). Only `/`, the health check, is open.
- ACTION_SERVER_TOKEN is exported to this process's environment before endpoints.yml is
  read, so Rasa sends it to the action server (`${ACTION_SERVER_TOKEN}` in the headers).
"""

from __future__ import annotations

import argparse
import os
from typing import Any, List, Optional

from clinic.internal_auth import bearer_middleware
from clinic.settings import SECRET_NAMES, load_secrets, load_settings

HEALTH_PATHS = ("/",)


def parse_args(argv: Optional[List[str]] = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m components.rasa_server")
    parser.add_argument("--model", required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--endpoints", default="endpoints.yml")
    parser.add_argument("--credentials", default="credentials.yml")
    # Unknown arguments (a Helm chart's own `run --enable-api ...`) are ignored.
    return parser.parse_known_args(argv)[0]


def main(argv: Optional[List[str]] = None) -> None:
    args = parse_args(argv)
    settings = load_settings()
    secrets = load_secrets(settings.var_dir)
    os.environ[SECRET_NAMES["actions_token"]] = secrets["actions_token"]

    import rasa

    def require_token(app: Any, _loop: Any) -> None:
        # Sanic runs the app's request middlewares on every request, so one added here,
        # before the server starts, guards every route Rasa and its channels registered.
        app.register_middleware(bearer_middleware(secrets["rasa_token"], HEALTH_PATHS), "request")

    rasa.run(
        model=args.model,
        endpoints=args.endpoints,
        credentials=args.credentials,
        interface=settings.internal_host,
        port=args.port,
        enable_api=True,
        auth_token=None,  # the middleware above checks the token, from a header
        server_listeners=[(require_token, "before_server_start")],
    )


if __name__ == "__main__":
    main()
