"""The production build of the apps (and of the counter app they are compared with) for benchmarks,
on free ports with a throw-away database."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from allpetplus.core.redis import stop_embedded_redis
from allpetplus.core.settings import PROJECT_ROOT
from allpetplus.stack import APPS, Stack, free_port


@contextlib.contextmanager
def running_stack(apps: tuple[str, ...] = APPS, extra_env: dict[str, str] | None = None):
    """Migrate and seed a fresh database (SQLite, or ``DATABASE_URL`` in ``extra_env``), start the worker and
    ``apps``; stop them afterwards."""
    var_dir = Path(tempfile.mkdtemp(prefix="allpetplus-bench-stack-"))
    ports = {app: free_port() for app in APPS}
    env = {
        "VAR_DIR": str(var_dir),
        "MAIN_URL": f"http://localhost:{ports['allpetplus']}",
        "LICENSING_URL": f"http://localhost:{ports['licensing']}",
        "PRODUCTS_URL": f"http://localhost:{ports['products']}",
        "LOG_LEVEL": "WARNING",
        **(extra_env or {}),
    }
    subprocess.run(
        [sys.executable, "-m", "allpetplus.stack", "migrate"],
        cwd=PROJECT_ROOT,
        env={**os.environ, **env},
        check=True,
        capture_output=True,
    )
    stack = Stack(apps=apps, ports=ports, env=env, log_dir=var_dir / "log")
    stack.start()
    try:
        stack.wait_ready(timeout=900)
        yield stack
    finally:
        stack.stop()
        stop_embedded_redis(var_dir / "redis" / "allpetplus.rdb")
        shutil.rmtree(var_dir, ignore_errors=True)


COUNTER_DIR = Path(__file__).parent / "counter"


@contextlib.contextmanager
def running_counter():
    """The counter app (``bench/counter``), production build, on a free port; yields its URL and process."""
    from tests.support.servers import ReflexBackend

    directory = Path(tempfile.mkdtemp(prefix="allpetplus-bench-counter-"))
    counter = ReflexBackend(directory, {}, cwd=COUNTER_DIR, name="counter", frontend=True)
    try:
        counter.start().wait_ready(600)
        yield counter.url, counter.process
    finally:
        counter.stop()
        shutil.rmtree(directory, ignore_errors=True)
