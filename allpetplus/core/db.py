"""The SQLModel engine and sessions shared by the three apps, the worker and the tools."""

from __future__ import annotations

import contextlib
import functools
import time
from collections.abc import Iterator
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError
from sqlmodel import Session, create_engine

from allpetplus.core.settings import SettingsError, settings

_engine: Engine | None = None


def make_engine(url: str) -> Engine:
    """Create an engine for ``url``; SQLite gets WAL and foreign keys, PostgreSQL a pool check."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise SettingsError(
            f"DATABASE_URL={url!r} is not a database URL; use e.g. postgresql://user:password@host/dbname"
        ) from None
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            from pathlib import Path

            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    try:
        connect_args = {"connect_timeout": 5} if parsed.get_backend_name() == "postgresql" else {}
        return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=10, connect_args=connect_args)
    except Exception as exc:  # noqa: BLE001 - unknown driver names surface as several types
        raise SettingsError(f"DATABASE_URL: {exc}") from None


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def get_engine() -> Engine:
    """The process-wide engine for ``settings.database_url``, created on first use."""
    global _engine
    if _engine is None:
        _engine = make_engine(settings.database_url)
    return _engine


def use_engine(engine: Engine | None) -> None:
    """Point the process at another engine (tests, tools); ``None`` goes back to the settings."""
    global _engine
    if _engine is not None and _engine is not engine:
        _engine.dispose()
    _engine = engine


@contextlib.contextmanager
def session_scope() -> Iterator[Session]:
    """A session that commits when the block ends and rolls back on an error."""
    with Session(get_engine(), expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


def insert_ignoring_duplicates(session: Session, model: type, unique: list[str]) -> Any:
    """``INSERT … ON CONFLICT (unique) DO NOTHING RETURNING id`` for ``model`` on this session's database
    (PostgreSQL or SQLite); execute it with a dict of values. Built once per model and dialect."""
    dialect = session.get_bind().dialect.name
    return _insert_statement(model, tuple(unique), dialect)


@functools.cache
def _insert_statement(model: type, unique: tuple[str, ...], dialect: str) -> Any:
    from sqlalchemy.dialects import postgresql, sqlite

    table = model.__table__
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    return insert(table).on_conflict_do_nothing(index_elements=list(unique)).returning(table.c.id)


def ping(engine: Engine | None = None) -> float:
    """Run ``SELECT 1``; return the round trip in milliseconds (raises when the database is down)."""
    from sqlalchemy import text

    started = time.perf_counter()
    with (engine or get_engine()).connect() as conn:
        conn.execute(text("SELECT 1"))
    return (time.perf_counter() - started) * 1000
