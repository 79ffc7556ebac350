"""`python -m bot <command>`: run the whole stack, serve the web app, migrate, export."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from typing import List, Optional

from bot.privacy.commands import register as register_privacy_commands
from bot.staff.commands import register as register_staff_commands
from clinic.settings import load_settings

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bot", description="The clinic assistant's web app."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    commands.add_parser("run", help="start Rasa, the action server and the web app (make run)")
    commands.add_parser(
        "serve", help="migrate the database, then serve the web app on HOST:BOT_PORT"
    )
    commands.add_parser("migrate", help="create or upgrade the app's tables (DATABASE_URL)")
    appointments = commands.add_parser("appointments", help="appointment and callback requests")
    actions = appointments.add_subparsers(dest="action", required=True, metavar="ACTION")
    export = actions.add_parser("export", help="every request, newest first")
    export.add_argument("--format", choices=("json", "csv"), required=True)
    export.add_argument("--output", metavar="FILE", help="write here (mode 0600) instead of stdout")
    register_staff_commands(commands)
    register_privacy_commands(commands)
    return parser


def serve() -> int:
    from aiohttp import web

    from bot.app import create_app
    from bot.migrations import migrate

    settings = load_settings()
    migrate(settings.database_url)
    log = logging.getLogger("bot")
    log.info("serving on http://%s:%d", settings.host, settings.bot_port)
    # access_log=None: aiohttp's own access log would record query strings and user agents;
    # bot/request_log.py logs what is safe.
    web.run_app(
        create_app(settings),
        host=settings.host,
        port=settings.bot_port,
        access_log=None,
        print=None,
    )
    return 0


def export_appointments(fmt: str, output: Optional[str]) -> int:
    from sqlalchemy.exc import OperationalError, ProgrammingError

    from bot.appointments_export import export
    from bot.privacy.commands import operator
    from bot.staff import audit
    from bot.storage.appointments import list_requests
    from clinic.clock import utc_now
    from clinic.database import create_db_engine

    engine = create_db_engine(load_settings().database_url)
    try:
        rows = list_requests(engine)
        # Names, phone numbers and insurance ids leave the database: audited like the
        # console's exports, with the operator's login name.
        audit.record(
            engine,
            operator(),
            "export",
            f"appointments.{fmt} ({len(rows)} requests, {'file' if output else 'stdout'})",
            None,
            utc_now(),
        )
    except (OperationalError, ProgrammingError):
        print(
            "error: cannot read appointment requests; is DATABASE_URL right and the database "
            "migrated (python -m bot migrate)?",
            file=sys.stderr,
        )
        return 1
    finally:
        engine.dispose()
    text = export(rows, fmt)
    if output is None:
        sys.stdout.write(text)
        return 0
    # The export holds names, phone numbers and insurance ids: readable by the owner only.
    fd = os.open(output, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
        f.write(text)
    print(f"{len(rows)} request(s) written to {output}", file=sys.stderr)
    return 0


def main(argv: Optional[List[str]] = None) -> int:
    args = build_parser().parse_args(argv)
    # Files this process and the ones it starts create (database and its WAL, outbox, logs,
    # exports) hold patient data even encrypted (who wrote when, which intents): owner only.
    os.umask(0o077)
    logging.basicConfig(level=logging.INFO, format=LOG_FORMAT)
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)  # start-up noise
    if hasattr(args, "handler"):  # the staff console's commands
        return args.handler(args)
    if args.command == "run":
        from bot.launcher import main as run_stack

        return run_stack()
    if args.command == "serve":
        return serve()
    if args.command == "migrate":
        from bot.migrations import migrate

        migrate(load_settings().database_url)
        return 0
    return export_appointments(args.format, args.output)
