"""Shared fixtures. Every test runs against a private var directory, never the developer's data."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

# Settings are read at import time: point them at throw-away places before anything imports them.
_VAR = Path(tempfile.mkdtemp(prefix="allpetplus-test-"))
os.environ["VAR_DIR"] = str(_VAR)
for _name in ("DATABASE_URL", "REDIS_URL", "MAIN_URL", "LICENSING_URL", "PRODUCTS_URL"):
    os.environ.pop(_name, None)
os.environ.setdefault("LOG_FORMAT", "console")
os.environ.setdefault("LOG_LEVEL", "WARNING")
os.environ.setdefault("HEALTH_CACHE_SECONDS", "0")  # tests change what /health sees between calls
os.environ.setdefault("CATALOG_CACHE_SECONDS", "0")

import pytest  # noqa: E402
from alembic.config import Config  # noqa: E402
from sqlmodel import Session  # noqa: E402

from alembic import command  # noqa: E402
from allpetplus.core import db  # noqa: E402
from allpetplus.core.settings import PROJECT_ROOT  # noqa: E402


def alembic_config(url: str) -> Config:
    """An Alembic config for ``url`` that leaves the test's logging alone."""
    config = Config(str(PROJECT_ROOT / "alembic.ini"))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    config.attributes["configure_logger"] = False
    return config


def migrated_engine(url: str):
    """An engine on ``url`` with the schema built by the real migrations."""
    command.upgrade(alembic_config(url), "head")
    return db.make_engine(url)


def pytest_sessionfinish(session, exitstatus):
    """Remove the private var directory (and its embedded Redis, if a test started one)."""
    import shutil

    from allpetplus.core.redis import stop_embedded_redis
    from allpetplus.core.settings import settings

    stop_embedded_redis(settings.embedded_redis_path)
    shutil.rmtree(_VAR, ignore_errors=True)


@pytest.fixture(autouse=True)
def _clock_back_to_now():
    """A test that moves the product's clock must put it back: otherwise every later test in the process runs on
    another day than the worker processes it starts (and fails far from the test that left it moved)."""
    from datetime import UTC, datetime, timedelta

    from allpetplus.core import clock

    yield
    drift = clock.now() - datetime.now(UTC)
    assert abs(drift) < timedelta(seconds=5), f"the test left the product's clock moved by {drift}"


@pytest.fixture
def engine(tmp_path):
    """A fresh SQLite database built by ``alembic upgrade head``, used by the whole process."""
    eng = migrated_engine(f"sqlite:///{tmp_path / 'test.db'}")
    db.use_engine(eng)
    yield eng
    db.use_engine(None)


@pytest.fixture
def session(engine):
    """A session on the fresh database."""
    with Session(engine, expire_on_commit=False) as s:
        yield s


@pytest.fixture
def seeded(session):
    """The fresh database with the shipped seed data loaded."""
    from allpetplus.seed import load_seed

    load_seed(session)
    session.commit()
    return session
