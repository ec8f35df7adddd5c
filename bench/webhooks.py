"""Webhook benchmarks: verified deliveries accepted per second by one backend process beside a bare
endpoint on the same server, and deliveries accepted and fully processed by two RQ workers, with loss;
on PostgreSQL and on the embedded default, SQLite.

Everything is real: granian serving the product's webhook routes, PostgreSQL with its durable defaults
(fsync on) or one SQLite file in WAL mode, a redis-server, two ``allpetplus.jobs.worker`` processes. The
load comes from a small keep-alive HTTP/1.1 client (asyncio streams) so the client costs little of the two
cores.
"""

from __future__ import annotations

import asyncio
import base64
import concurrent.futures
import contextlib
import hashlib
import hmac
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from redis import Redis
from rq import Queue

from allpetplus.core.settings import settings
from bench.report import Result, percentile

SECRET = "shpss_bench_secret"
SHOP = "bench.myshopify.com"
CONNECTIONS = 32
MEASURED = 4000
#: The offered load for the end-to-end figure: deliveries per second, paced.
RATE = 600.0


def _request(port: int, path: str, body: bytes, headers: dict[str, str], method: str = "POST") -> bytes:
    lines = [f"{method} {path} HTTP/1.1", f"Host: 127.0.0.1:{port}", "Content-Type: application/json",
             f"Content-Length: {len(body)}", *(f"{k}: {v}" for k, v in headers.items())]  # fmt: skip
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


def deliveries(port: int, first_order: int, count: int) -> list[bytes]:
    """``count`` signed Shopify deliveries: for each order, orders/create then orders/updated (paid)."""
    requests = []
    for n in range(count):
        order_id = first_order + n // 2
        paid = n % 2 == 1
        payload = {"id": order_id, "name": f"#{order_id}", "email": f"b{order_id}@example.com",
                   "total_price": "54.90", "subtotal_price": "49.00", "total_tax": "5.90", "currency": "USD",
                   "financial_status": "paid" if paid else "pending",
                   "updated_at": "2026-11-20T11:00:00Z" if paid else "2026-11-20T10:00:00Z"}  # fmt: skip
        body = json.dumps(payload).encode()
        signature = base64.b64encode(hmac.new(SECRET.encode(), body, hashlib.sha256).digest()).decode()
        headers = {"X-Shopify-Hmac-Sha256": signature, "X-Shopify-Shop-Domain": SHOP,
                   "X-Shopify-Topic": "orders/updated" if paid else "orders/create",
                   "X-Shopify-Webhook-Id": f"bench-{order_id}-{n % 2}"}  # fmt: skip
        requests.append(_request(port, "/webhooks/shopify", body, headers))
    return requests


async def _load(port: int, requests: list[bytes], rate: float | None = None) -> tuple[float, list[int]]:
    """Send every request over ``CONNECTIONS`` keep-alive connections, as fast as answered or paced at
    ``rate`` per second; (seconds, status codes)."""
    pending = iter(enumerate(requests))
    statuses: list[int] = []
    loop = asyncio.get_running_loop()
    started = loop.time()

    async def connection() -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        for index, request in pending:
            if rate and (delay := started + index / rate - loop.time()) > 0:
                await asyncio.sleep(delay)
            writer.write(request)
            head = await reader.readuntil(b"\r\n\r\n")
            statuses.append(int(head.split(b" ", 2)[1]))
            length = next(int(line.split(b":")[1]) for line in head.split(b"\r\n")
                          if line.lower().startswith(b"content-length:"))  # fmt: skip
            await reader.readexactly(length)
        writer.close()

    await asyncio.gather(*(connection() for _ in range(CONNECTIONS)))
    return loop.time() - started, statuses


def send(port: int, requests: list[bytes], rate: float | None = None) -> tuple[float, list[int]]:
    """Run the load and return (seconds, status codes), on a fresh event loop in its own thread (so it also
    runs where a loop is already running, e.g. in a test session beside Playwright)."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, _load(port, requests, rate)).result()


@contextlib.contextmanager
def services(database: str = "postgresql") -> Iterator[dict]:
    """The database (``postgresql``: a durable PostgreSQL; ``sqlite``: the embedded default's file) migrated
    and seeded, redis-server, and ``bench.backend_app`` under granian with one worker process."""
    from allpetplus.stack import free_port
    from tests.support.servers import PostgresServer, RedisServer, _wait

    directory = Path(tempfile.mkdtemp(prefix="allpetplus-bench-webhooks-"))
    directory.chmod(0o755)  # PostgreSQL runs as its own user when we are root
    postgres = PostgresServer(directory / "pg", durable=True).start() if database == "postgresql" else None
    redis = RedisServer(directory / "redis").start()
    server = None
    try:
        if postgres is not None:
            import psycopg

            with psycopg.connect(host="127.0.0.1", port=postgres.port, user="postgres", dbname="postgres",
                                 autocommit=True) as conn:  # fmt: skip
                conn.execute("CREATE DATABASE bench")
            url = postgres.url("bench")
        else:
            url = f"sqlite:///{directory / 'var' / 'bench.db'}"
        migrated = subprocess.run([sys.executable, "-m", "allpetplus.stack", "migrate"], capture_output=True, text=True,
                                  env={**os.environ, "DATABASE_URL": url, "REDIS_URL": redis.url,
                                       "VAR_DIR": str(directory / "var")})  # fmt: skip
        if migrated.returncode != 0:
            raise RuntimeError(f"migrate failed: {migrated.stderr[-2000:]}")
        port = free_port()
        env = {**os.environ, "DATABASE_URL": url, "REDIS_URL": redis.url, "VAR_DIR": str(directory / "var"),
               "SHOPIFY_WEBHOOK_SECRET": SECRET, "SHOPIFY_SHOP_DOMAIN": SHOP, "LOG_LEVEL": "WARNING"}  # fmt: skip
        log = open(directory / "server.log", "wb")  # noqa: SIM115
        server = subprocess.Popen(
            [sys.executable, "-m", "granian", "--interface", "asgi", "--host", "127.0.0.1", "--port", str(port),
             "--workers", "1", "bench.backend_app:app"],
            env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip

        def up() -> bool:
            with contextlib.suppress(OSError):
                return send(port, [_request(port, "/bare", b"{}", {})])[1] == [200]
            return False

        _wait(up, 60, "the benchmark server")
        yield {"port": port, "env": env, "url": url, "directory": directory}
    finally:
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
        redis.stop()
        if postgres is not None:
            postgres.stop()
        shutil.rmtree(directory, ignore_errors=True)


def _workers(env: dict, directory: Path, count: int) -> list[subprocess.Popen]:
    return [
        subprocess.Popen(
            [sys.executable, "-m", "allpetplus.jobs.worker", "--name", f"bench-{n}"],
            env=env,
            stdout=open(directory / f"worker-{n}.log", "wb"),
            stderr=subprocess.STDOUT,
        )  # noqa: SIM115  # fmt: skip
        for n in range(count)
    ]


def _waiting(engine) -> int:
    import sqlalchemy as sa

    with engine.connect() as conn:
        return conn.execute(sa.text("SELECT count(*) FROM webhook_delivery WHERE status = 'RECEIVED'")).scalar_one()


def _inbox(engine, prefix: str) -> tuple[int, int, list[float]]:
    """All rows, rows still waiting, and receipt → processed seconds of the rows whose id starts ``prefix``."""
    import sqlalchemy as sa

    with engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT event_id, status, received_at, processed_at FROM webhook_delivery")).all()
    latencies = [(_moment(r.processed_at) - _moment(r.received_at)).total_seconds() for r in rows
                 if r.processed_at and r.event_id.startswith(prefix)]  # fmt: skip
    return len(rows), sum(1 for r in rows if r.status == "RECEIVED"), latencies


def _moment(value: datetime | str) -> datetime:
    """A timestamp as the driver returns it (SQLite: ISO text)."""
    return value if isinstance(value, datetime) else datetime.fromisoformat(value)


def _until_processed(engine, port: int, requests: list[bytes], rate: float | None) -> tuple[float, list[int]]:
    """Send ``requests`` (paced at ``rate``/s, or as fast as answered) and wait until the inbox is empty;
    (seconds from the first send to the last delivery processed, status codes)."""
    from tests.support.servers import _wait

    started = time.perf_counter()
    _, statuses = send(port, requests, rate)
    _wait(lambda: _waiting(engine) == 0, 600, "the deliveries to be processed")
    return time.perf_counter() - started, statuses


def webhooks() -> list[Result]:
    """Deliveries accepted by one backend (beside a bare endpoint) and processed by two workers, on PostgreSQL."""
    return _measure("postgresql")


def webhooks_on_sqlite() -> list[Result]:
    """The same on the embedded default database: one SQLite file shared by the backend and the workers."""
    return _measure("sqlite")


def _measure(database: str) -> list[Result]:
    import sqlalchemy as sa

    from tests.support.servers import _wait

    with services(database) as s:
        port, engine = s["port"], sa.create_engine(s["url"])
        bare = [_request(port, "/bare", b"{}", {})]
        send(port, bare * 300 + deliveries(port, 1_000_000, 300))  # warm-up
        bare_seconds, bare_statuses = send(port, bare * MEASURED)
        accept_seconds, statuses = send(port, deliveries(port, 2_000_000, MEASURED))
        bare_rate, accept_rate = MEASURED / bare_seconds, MEASURED / accept_seconds

        workers = _workers(s["env"], s["directory"], 2)
        try:
            backlog_started = time.perf_counter()
            _wait(lambda: _waiting(engine) == 0, 600, "the backlog to be processed")
            backlog_rate = (300 + MEASURED) / (time.perf_counter() - backlog_started)
            paced_seconds, paced_statuses = _until_processed(engine, port, deliveries(port, 3_000_000, MEASURED), RATE)
            blast_seconds, blast_statuses = _until_processed(engine, port, deliveries(port, 4_000_000, MEASURED), None)
        finally:
            for worker in workers:
                worker.terminate()
            for worker in workers:
                worker.wait(timeout=30)
        rows, waiting, latencies = _inbox(engine, "bench-3")
        failed_jobs = Queue(
            settings.QUEUE_NAME, connection=Redis.from_url(s["env"]["REDIS_URL"])
        ).failed_job_registry.count
        engine.dispose()
    sent = 300 + 3 * MEASURED
    accepted = 300 + sum(1 for code in statuses + paced_statuses + blast_statuses if code == 200)
    lost = sent - rows + waiting
    on = "Webhooks" if database == "postgresql" else "Webhooks on SQLite"
    storage = "PostgreSQL with fsync on" if database == "postgresql" else "SQLite in WAL mode (synchronous=FULL)"
    budget = 500 if database == "postgresql" else None  # the issues budget the production database only
    return [
        Result(f"{on}: verified deliveries accepted per second (one backend process)", accept_rate, "/s", budget,
               higher_is_better=True,
               detail=f"bare endpoint on the same server {bare_rate:,.0f} req/s, ratio {accept_rate / bare_rate:.2f}; "
                      f"{CONNECTIONS} connections, {MEASURED} deliveries; {storage}"),
        Result(f"{on}: deliveries accepted and fully processed by two workers, per second", MEASURED / paced_seconds,
               "/s", budget, higher_is_better=True,
               detail=f"{MEASURED} deliveries offered at {RATE:.0f}/s, first sent → last processed in "
                      f"{paced_seconds:.1f} s; receipt → processed p50 {percentile(latencies, 50):.2f} s, p95 "
                      f"{percentile(latencies, 95):.2f} s. Sent as fast as answered: {MEASURED / blast_seconds:,.0f}/s "
                      f"(the server then takes the cores); a backlog alone drains at {backlog_rate:,.0f}/s"),
        Result(f"{on}: deliveries lost", lost, "", 0,
               detail=f"{sent} sent, {accepted} answered 200, {rows} in the inbox, {waiting} unprocessed; bare "
                      f"answers {sum(1 for c in bare_statuses if c == 200)}/{MEASURED}; {failed_jobs} failed jobs"),
    ]  # fmt: skip


ALL = (webhooks, webhooks_on_sqlite)
