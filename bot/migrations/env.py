"""Alembic environment: the database from DATABASE_URL, the schema from bot/storage/schema.py."""

from alembic import context

from bot.migrations import include_object
from bot.storage.schema import metadata
from clinic.database import create_db_engine
from clinic.settings import load_settings

config = context.config
database_url = config.attributes.get("database_url") or load_settings().database_url


def run_offline() -> None:
    context.configure(
        url=database_url,
        target_metadata=metadata,
        literal_binds=True,
        render_as_batch=True,
        include_object=include_object,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    engine = create_db_engine(database_url)
    try:
        with engine.connect() as connection:
            context.configure(
                connection=connection,
                target_metadata=metadata,
                # SQLite cannot ALTER most things; batch mode rebuilds the table instead.
                render_as_batch=True,
                include_object=include_object,
            )
            with context.begin_transaction():
                context.run_migrations()
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
