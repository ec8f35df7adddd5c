"""Alembic environment: the single owner of the schema for the main, licensing and products apps."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from logging.config import fileConfig

from alembic import context
from allpetplus.core.db import make_engine
from allpetplus.core.settings import settings
from allpetplus.tables import is_model_object, metadata

config = context.config
if config.config_file_name is not None and config.attributes.get("configure_logger", True):
    fileConfig(config.config_file_name, disable_existing_loggers=False)


def _options(connection) -> dict:
    return {
        "connection": connection,
        "target_metadata": metadata,
        "compare_type": True,
        "render_as_batch": connection.dialect.name == "sqlite",
        "include_name": is_model_object,
    }


@contextmanager
def _foreign_keys_off(connection) -> Iterator[None]:
    """On SQLite, migrate with foreign keys off: batch mode alters a table by copying it and dropping the old one,
    and with foreign keys on that drop would delete every row referencing it (``ON DELETE CASCADE``). They are
    checked once the migrations are done, and turned on again."""
    if connection.dialect.name != "sqlite":
        yield
        return
    connection.exec_driver_sql("PRAGMA foreign_keys=OFF")  # a no-op inside a transaction: set before one starts
    connection.commit()
    try:
        yield
        broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
        if broken:
            raise RuntimeError(f"the migrations left rows whose foreign keys point nowhere: {broken[:10]}")
    finally:
        connection.commit()
        connection.exec_driver_sql("PRAGMA foreign_keys=ON")
        connection.commit()


def run_migrations_offline() -> None:
    """Emit SQL to stdout instead of running it."""
    context.configure(
        url=config.get_main_option("sqlalchemy.url") or settings.database_url,
        target_metadata=metadata,
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Run against a live connection: one handed over by a caller, or one to the configured URL."""
    connection = config.attributes.get("connection")
    if connection is not None:
        with _foreign_keys_off(connection):
            context.configure(**_options(connection))
            with context.begin_transaction():
                context.run_migrations()
        return
    engine = make_engine(config.get_main_option("sqlalchemy.url") or settings.database_url)
    with engine.connect() as connection, _foreign_keys_off(connection):
        context.configure(**_options(connection))
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
