"""Real servers for integration tests: Redis, PostgreSQL, an RQ worker process."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from allpetplus.core import redis as rds
from allpetplus.core.settings import PROJECT_ROOT, settings
from tests.support.servers import PostgresServer, RedisServer


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory):
    """A real redis-server for the session."""
    server = RedisServer(tmp_path_factory.mktemp("redis")).start()
    yield server
    server.stop()


@pytest.fixture
def redis_url(redis_server, monkeypatch):
    """Point the product at the test Redis (emptied first)."""
    import redis

    redis.Redis.from_url(redis_server.url).flushall()
    monkeypatch.setattr(settings, "REDIS_URL", redis_server.url)
    rds.reset_clients()
    yield redis_server.url
    rds.reset_clients()


@pytest.fixture(scope="session")
def postgres_server():
    """A throw-away PostgreSQL cluster for the session."""
    directory = Path(tempfile.mkdtemp(prefix="allpetplus-pg-"))
    server = PostgresServer(directory).start()
    yield server
    server.stop()
    shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture
def postgres_url(postgres_server, request):
    """A new, empty database on the test cluster; dropped afterwards."""
    from pytest_postgresql.janitor import DatabaseJanitor

    name = "t_" + request.node.name.lower().translate(str.maketrans("[]-.", "____"))[:50]
    janitor = DatabaseJanitor(
        user=postgres_server.user,
        host="127.0.0.1",
        port=postgres_server.port,
        dbname=name,
    )
    janitor.init()
    yield postgres_server.url(name)
    janitor.drop()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    """An empty database of each kind the product supports."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'empty.db'}"
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def start_worker(redis_url, tmp_path):
    """Start real ``python -m allpetplus.jobs.worker`` processes on the test Redis (stopped afterwards)."""
    from allpetplus.core.queue import live_workers
    from tests.support.servers import _wait

    started: list[tuple[subprocess.Popen, object]] = []

    def start(**extra_env: str) -> subprocess.Popen:
        env = {**os.environ, "REDIS_URL": redis_url, "VAR_DIR": str(tmp_path), **extra_env}
        log = open(tmp_path / f"worker-{len(started)}.log", "wb")  # noqa: SIM115
        process = subprocess.Popen(
            [sys.executable, "-m", "allpetplus.jobs.worker"],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        started.append((process, log))
        _wait(lambda: len(live_workers()) >= len(started) or process.poll() is not None, 30, "the RQ worker")
        assert process.poll() is None, log.name
        return process

    yield start
    for process, log in started:
        if process.poll() is None:
            process.terminate()
            process.wait(timeout=30)
        log.close()
        output = Path(log.name).read_text(errors="replace").strip()
        if output:  # warnings and failed jobs: shown with the test's output when it fails
            print(f"--- {Path(log.name).name} ---\n{output[-5000:]}")


@pytest.fixture
def worker(start_worker):
    """One real worker process."""
    return start_worker()


@pytest.fixture
def licensing_backend(tmp_path):
    """One backend process of the licensing app (JSON logs at INFO) on its own migrated SQLite database and
    var directory: ``backend.env`` names them."""
    from tests.conftest import migrated_engine
    from tests.support.servers import ReflexBackend

    database = f"sqlite:///{tmp_path / 'licensing.db'}"
    migrated_engine(database).dispose()
    env = {"ALLPETPLUS_APP": "licensing", "VAR_DIR": str(tmp_path / "var"), "DATABASE_URL": database,
           "LOG_FORMAT": "json", "LOG_LEVEL": "INFO"}  # fmt: skip
    backend = ReflexBackend(tmp_path, env, name="licensing").start()
    try:
        yield backend.wait_ready()
    finally:
        backend.stop()


@pytest.fixture
def shopify_store(monkeypatch):
    """The Shopify stand-in holding 120 products, with the shop connected to it."""
    from tests.support import shopify_standin
    from tests.support.shopify_standin import ShopifyStandIn, product

    store, server = shopify_standin.start(ShopifyStandIn(products=[product(n) for n in range(120)]))
    for name, value in shopify_standin.connection(store).items():
        monkeypatch.setattr(settings, name, value)
    yield store
    server.shutdown()
