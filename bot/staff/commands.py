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

    listing = actions.add_parser("list", help="every account: role, state, second factor")
    listing.set_defaults(handler=list_accounts)
    for action, text in (
        ("disable", "stop an account logging in (ends its sessions)"),
        ("enable", "let a disabled account log in again"),
        ("unlock", "forget an account's failed log-ins (ends its slow-down)"),
    ):
        command = actions.add_parser(action, help=text)
        command.add_argument("name", metavar="NAME")
        command.set_defaults(handler=change_account, change=action)
    reset = actions.add_parser("reset-password", help="set a new password (asks for it)")
    reset.add_argument("name", metavar="NAME")
    reset.add_argument("--password-stdin", action="store_true")
    reset.set_defaults(handler=change_account, change="reset-password")
    role = actions.add_parser("set-role", help="make an account admin or staff")
    role.add_argument("name", metavar="NAME")
    role.add_argument("role", choices=("admin", "staff"))
    role.set_defaults(handler=change_account, change="set-role")
    second = actions.add_parser(
        "totp", help="turn the TOTP second factor on (prints the authenticator URI) or off"
    )
    second.add_argument("name", metavar="NAME")
    second.add_argument("state", choices=("on", "off"))
    second.set_defaults(handler=change_account, change="totp")

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
    from bot.privacy.commands import operator
    from bot.staff import audit
    from bot.staff.accounts import AccountError, create_account
    from clinic.database import create_db_engine

    database_url = load_settings().database_url
    try:
        password = _read_password(args.password_stdin)
        migrate(database_url)
        engine = create_db_engine(database_url)
        try:
            now = utc_now()
            account = create_account(engine, args.name, password, args.role, now)
            detail = f"{account.username} role={account.role}"
            audit.record(engine, operator(), "account_created", detail, None, now)
        finally:
            engine.dispose()
    except (AccountError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"created {account.role} account {account.username!r}")
    return 0


def _engine():
    from bot.migrations import migrate
    from clinic.database import create_db_engine

    database_url = load_settings().database_url
    migrate(database_url)
    return create_db_engine(database_url)


def list_accounts(args: argparse.Namespace) -> int:
    from bot.staff.accounts import list_accounts as rows

    engine = _engine()
    try:
        found = rows(engine, utc_now())
    finally:
        engine.dispose()
    print(f"{'NAME':<24} {'ROLE':<6} {'STATE':<9} {'CODE':<5} {'FAILS':>5}  LAST LOG-IN (UTC)")
    for a in found:
        last = a.last_login_at.strftime("%Y-%m-%d %H:%M") if a.last_login_at else "never"
        state = "disabled" if a.disabled else "active"
        code = "yes" if a.has_totp else "no"
        print(f"{a.username:<24} {a.role:<6} {state:<9} {code:<5} {a.recent_failures:>5}  {last}")
    return 0


def change_account(args: argparse.Namespace) -> int:
    from bot.privacy.commands import operator
    from bot.staff.account_admin import apply
    from bot.staff.accounts import AccountError

    action = args.change
    if action == "totp":
        action = f"totp-{args.state}"
    try:
        password = _read_password(args.password_stdin) if action == "reset-password" else ""
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    engine = _engine()
    try:
        change = apply(
            engine,
            action,
            args.name,
            actor=operator(),
            ip=None,
            now=utc_now(),
            role=getattr(args, "role", ""),
            password=password,
        )
    except (AccountError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    finally:
        engine.dispose()
    print(change.message)
    if change.secret:  # the authenticator URI: for the account's owner only
        print(f"Add this to the authenticator app (or scan it as a QR code):\n{change.secret}")
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
