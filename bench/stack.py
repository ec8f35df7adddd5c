"""The production build of the apps (and of the counter app they are compared with) for benchmarks,
on free ports with a throw-away database."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

from allpetplus.core.redis import stop_embedded_redis
from allpetplus.core.settings import PROJECT_ROOT
from allpetplus.stack import APPS, Stack, free_port


@contextlib.contextmanager
def running_stack(apps: tuple[str, ...] = APPS):
    """Migrate and seed a fresh SQLite database, start the worker and ``apps``; stop them afterwards."""
    var_dir = Path(tempfile.mkdtemp(prefix="allpetplus-bench-stack-"))
    ports = {app: free_port() for app in APPS}
    env = {
        "VAR_DIR": str(var_dir),
        "MAIN_URL": f"http://localhost:{ports['allpetplus']}",
        "LICENSING_URL": f"http://localhost:{ports['licensing']}",
        "PRODUCTS_URL": f"http://localhost:{ports['products']}",
        "LOG_LEVEL": "WARNING",
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
    """The counter app (``bench/counter``), production build, on a free port; yields its URL."""
    from tests.support.servers import _wait

    port = free_port()
    url = f"http://localhost:{port}"
    log_path = Path(tempfile.mkdtemp(prefix="allpetplus-bench-counter-")) / "counter.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "reflex",
                "run",
                "--env",
                "prod",
                "--frontend-port",
                str(port),
                "--backend-port",
                str(port),
                "--loglevel",
                "warning",
            ],  # fmt: skip
            cwd=COUNTER_DIR,
            env={
                **os.environ,
                "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
                "REFLEX_USE_NPM": "1",
                "REFLEX_TELEMETRY_ENABLED": "false",
            },  # fmt: skip
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    try:

        def ready() -> bool:
            if process.poll() is not None:
                raise RuntimeError(f"the counter app exited:\n{log_path.read_text(errors='replace')[-3000:]}")
            with contextlib.suppress(OSError), urllib.request.urlopen(f"{url}/ping", timeout=2) as response:
                return response.status == 200
            return False

        _wait(ready, 600, "the counter app")
        yield url, process
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
        shutil.rmtree(log_path.parent, ignore_errors=True)
