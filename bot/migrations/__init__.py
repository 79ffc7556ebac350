"""Alembic migrations for the app's tables; `migrate()` upgrades a database to head.

The launcher (and `python -m bot serve|migrate`) calls migrate() before the app starts.
For new revisions: `.venv/bin/alembic -c bot/migrations/alembic.ini revision --autogenerate -m "..."`.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import make_url

from bot.storage.schema import metadata

MIGRATIONS_DIR = Path(__file__).resolve().parent


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    """Leave alone what the app does not define (Rasa's `events` table and its indexes)."""
    table = obj if type_ == "table" else getattr(obj, "table", None)
    return not (reflected and table is not None and table.name not in metadata.tables)


def alembic_config(database_url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    # Passed as an attribute, not a main option: ini interpolation would mangle a '%' in a password.
    config.attributes["database_url"] = database_url
    return config


def migrate(database_url: str) -> None:
    """Create or upgrade the app's tables to the newest revision."""
    url = make_url(database_url)
    if url.drivername.startswith("sqlite") and url.database and url.database != ":memory:":
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)
    command.upgrade(alembic_config(database_url), "head")
