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
- With SANIC_WORKERS > 1 (the default profile, issue 21) Sanic forks that many workers on
  the one port. The model is loaded here, once, before the fork, and the loaded objects
  are frozen out of the garbage collector (gc.freeze), so the workers share its pages
  copy-on-write instead of each loading its own copy; Rasa's own per-worker load is
  handed that model. A model that built a TensorFlow model (transformer layers, or
  RASA_NUMPY_INFERENCE=0) is served by one worker, not forked: TensorFlow's runtime does
  not survive a fork. Every forked child gets SIGTERM when this process dies, however it
  dies, so no worker outlives it.
"""

from __future__ import annotations

import argparse
import ctypes
import gc
import logging
import os
import signal
import sys
from pathlib import Path
from typing import List, Optional

import yaml

from clinic.settings import SECRET_NAMES, load_secrets, load_settings

GUARDING_CHANNEL = "components.rest_channel.GatewayRestInput"
logger = logging.getLogger(__name__)


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


PR_SET_PDEATHSIG = 1  # linux/prctl.h


def forked_children_die_with_this_process() -> None:
    libc = ctypes.CDLL(None, use_errno=True)
    os.register_at_fork(after_in_child=lambda: libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM))


def builds_tensorflow_models(runner) -> bool:
    import tensorflow as tf

    nodes = getattr(runner, "_instantiated_nodes", {}).values()
    components = [getattr(node, "_component", None) for node in nodes]
    return any(isinstance(getattr(c, "model", None), tf.keras.Model) for c in components)


def load_model_before_fork(model_path: str) -> bool:
    """Load the model in this process, for Rasa's forked workers to share (see above).
    False: the model runs TensorFlow, Rasa serves it with one worker (no fork)."""
    from rasa.core.processor import MessageProcessor

    load = MessageProcessor._load_model
    loaded = load(model_path)
    wanted = Path(model_path).resolve()

    def load_once(path):
        return loaded if Path(path).resolve() == wanted else load(path)

    MessageProcessor._load_model = staticmethod(load_once)
    if builds_tensorflow_models(loaded[2]):
        os.environ["SANIC_WORKERS"] = "1"  # read by Rasa and by components/lock_store.py
        return False
    gc.collect()
    gc.freeze()
    return True


def main(argv: Optional[List[str]] = None) -> None:
    args = parse_args(argv)
    channels = yaml.safe_load(Path(args.credentials).read_text()) or {}
    if GUARDING_CHANNEL not in channels:
        sys.exit(f"error: {args.credentials} must name {GUARDING_CHANNEL}: it guards Rasa's API")
    settings = load_settings()
    secrets = load_secrets(settings.var_dir)
    os.environ[SECRET_NAMES["actions_token"]] = secrets["actions_token"]
    forked_children_die_with_this_process()
    if int(os.environ.get("SANIC_WORKERS", "1") or 1) > 1 and os.path.isfile(args.model):
        shared = load_model_before_fork(args.model)
        workers = os.environ["SANIC_WORKERS"] if shared else "1 (TensorFlow model)"
        print(f"event=model_before_fork workers={workers}", flush=True)
    sys.argv = rasa_argv(args, settings.internal_host)
    from rasa.__main__ import main as rasa_main

    rasa_main()


if __name__ == "__main__":
    main()
