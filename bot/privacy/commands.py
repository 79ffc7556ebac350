"""Command-line entry points for data protection: `python -m bot purge ...`, `python -m bot keys ...`."""

from __future__ import annotations

import argparse
import getpass
import sys

from clinic.clock import utc_now
from clinic.settings import load_settings


def register(commands: argparse._SubParsersAction) -> None:
    """Add the privacy subcommands; each sets `handler(args) -> exit status`."""
    purge = commands.add_parser(
        "purge", help="delete transcripts and closed requests past the retention period"
    )
    purge.add_argument(
        "--older-than",
        metavar="DAYS",
        help="e.g. 90d (default: RETENTION_DAYS days, 90 unless set)",
    )
    purge.add_argument("--dry-run", action="store_true", help="only count what would be deleted")
    purge.set_defaults(handler=purge_command)

    keys = commands.add_parser("keys", help="data encryption keys")
    actions = keys.add_subparsers(dest="keys_action", required=True, metavar="ACTION")
    actions.add_parser(
        "rotate", help="re-encrypt all data under a new key; the old keys are then removed"
    ).set_defaults(handler=rotate_command)
    actions.add_parser("generate", help="print a new key (for DATA_ENCRYPTION_KEYS)").set_defaults(
        handler=generate_command
    )


def operator() -> str:
    """Who ran the command, for the audit log."""
    try:
        return f"cli:{getpass.getuser()}"[:64]
    except (KeyError, OSError):
        return "cli"


def purge_command(args: argparse.Namespace) -> int:
    from bot.migrations import migrate
    from bot.privacy.retention import parse_period, preview, purge
    from clinic.action_outbox import default_outbox
    from clinic.database import create_db_engine

    settings = load_settings()
    try:
        period = parse_period(args.older_than or f"{settings.retention_days}d")
    except ValueError as exc:
        print(f"error: --older-than: {exc}", file=sys.stderr)
        return 2
    now = utc_now()
    cutoff = now - period
    migrate(settings.database_url)
    engine = create_db_engine(settings.database_url)
    try:
        if args.dry_run:
            conversations, requests = preview(engine, cutoff)
            print(
                f"would delete {conversations} conversations and {requests} closed requests from before "
                f"{cutoff:%Y-%m-%d %H:%M} UTC"
            )
            return 0
        result = purge(engine, cutoff, operator(), now, outbox=default_outbox())
    finally:
        engine.dispose()
    print(f"deleted {result.summary()}")
    return 0


def rotate_command(args: argparse.Namespace) -> int:
    from bot.migrations import migrate
    from bot.privacy.key_rotation import rotate_keys
    from clinic.action_outbox import default_outbox
    from clinic.database import create_db_engine
    from clinic.field_crypto import DataKeyError

    settings = load_settings()
    migrate(settings.database_url)
    engine = create_db_engine(settings.database_url)
    try:
        result = rotate_keys(engine, operator(), utc_now, outbox=default_outbox())
    except (DataKeyError, RuntimeError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    finally:
        engine.dispose()
    if result.key_file is not None:
        print(
            f"done: everything is encrypted under the new key; {result.retired_keys} old key(s) removed "
            f"from {result.key_file}"
        )
    else:
        print(
            "done: everything is encrypted under the first key of DATA_ENCRYPTION_KEYS; the others can be "
            "removed from the environment of all three processes"
        )
    return 0


def generate_command(args: argparse.Namespace) -> int:
    from clinic.field_crypto import new_key

    print(new_key())
    return 0
