"""Command-line entry points of the staff console: `python -m bot staff add ...`, `demo-data ...`."""

from __future__ import annotations

import argparse
import getpass
import sys

from clinic.clock import utc_now
from clinic.settings import load_settings


def register(commands: argparse._SubParsersAction) -> None:
    """Add the console's subcommands; each sets `handler(args) -> exit status`."""
    staff = commands.add_parser("staff", help="staff console accounts")
    actions = staff.add_subparsers(dest="staff_action", required=True, metavar="ACTION")
    add = actions.add_parser("add", help="create a staff account (asks for the password)")
    add.add_argument("name", metavar="NAME", help="log-in name: letters, digits, '.', '_' or '-'")
    add.add_argument("--role", choices=("admin", "staff"), default="staff")
    add.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input"
    )
    add.set_defaults(handler=add_account)

    demo = commands.add_parser(
        "demo-data", help="fill the database with synthetic conversations (not for production)"
    )
    demo.add_argument("--conversations", type=int, required=True, metavar="N")
    demo.add_argument(
        "--days", type=int, default=365, help="spread over this many past days (default 365)"
    )
    demo.add_argument(
        "--seed", type=int, default=7, help="random seed: the same seed gives the same data"
    )
    demo.add_argument(
        "--append", action="store_true", help="add to a database that already has conversations"
    )
    demo.set_defaults(handler=demo_data)


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("Password: ")
    if getpass.getpass("Repeat the password: ") != first:
        raise ValueError("the passwords do not match")
    return first


def add_account(args: argparse.Namespace) -> int:
    from bot.migrations import migrate
    from bot.staff.accounts import AccountError, create_account
    from clinic.database import create_db_engine

    database_url = load_settings().database_url
    try:
        password = _read_password(args.password_stdin)
        migrate(database_url)
        engine = create_db_engine(database_url)
        try:
            account = create_account(engine, args.name, password, args.role, utc_now())
        finally:
            engine.dispose()
    except (AccountError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"created {account.role} account {account.username!r}")
    return 0


def demo_data(args: argparse.Namespace) -> int:
    from bot.migrations import migrate
    from bot.staff.demo_data import DatabaseNotEmpty, write_demo_data
    from clinic.database import create_db_engine

    if args.conversations < 1 or args.days < 1:
        print("error: --conversations and --days must be positive", file=sys.stderr)
        return 1
    database_url = load_settings().database_url
    migrate(database_url)
    engine = create_db_engine(database_url)
    try:
        summary = write_demo_data(
            engine, args.conversations, days=args.days, seed=args.seed, append=args.append
        )
    except DatabaseNotEmpty as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    finally:
        engine.dispose()
    print(
        f"wrote {summary.conversations:,} conversations ({summary.events:,} events, {summary.requests:,} requests)"
        f" in {summary.write_seconds:.1f} s; indexed in {summary.index_seconds:.1f} s"
    )
    return 0
