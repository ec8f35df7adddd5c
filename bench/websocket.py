"""Builder under load over Reflex's real websocket protocol, beside a minimal counter app.

Simulated users are Python clients of Reflex's socket.io protocol (``tests/support/reflex_client``):
each opens ``/_event`` with its token, hydrates and loads the page; once the jobs that opening the
page started are done (the builder records an analytics event through the worker), each sends option
changes one after another, as soon as the previous answer arrived (no think time, so the figures at 50 and
200 users are the server saturated). A round trip is event sent → the delta showing the change. The
counter app (``bench/counter``: one int, one handler) gets the same client in the same run: that is
the framework's floor. Both run as one backend process (``reflex run --env prod --backend-only``,
one granian worker, the default disk state manager, logs at WARNING); the builder has its RQ worker
and a migrated, seeded SQLite database, as on a single machine.

Memory: the builder backend's resident memory after 200 sessions, after they disconnect, and after
the same 200 tabs come back (reload) and leave again.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import importlib
import itertools
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from bench.report import Result, percentile
from bench.stack import COUNTER_DIR
from tests.support.reflex_client import ROOT_STATE, ReflexClient
from tests.support.servers import ReflexBackend

USERS = (1, 10, 50, 200)
#: Measured option changes per user at each level (after one unmeasured warm-up change each), split
#: into rounds that alternate between the counter and the builder so drift on the machine hits both.
EVENTS_PER_USER = {1: 600, 10: 90, 50: 30, 200: 12}
ROUNDS = 3
TIMEOUT = 30.0

#: The builder's state, by the name Reflex gives it (it follows the state classes: ask them, never spell it out).
BUILDER = importlib.import_module("allpetplus.state.builder").BuilderState.get_full_name()
COUNTER = f"{ROOT_STATE}.counter___counter____counter_state"
HARDWARE = ("brass", "aluminium", "plastic")
#: One option change on each product type's builder: the field, and the values it goes through in turn.
CHANGES = {"harness": ("hardware", HARDWARE), "collar": ("width_mm", (15, 20, 25)),
           "leash": ("handle", ("plain", "padded", "traffic"))}  # fmt: skip


@dataclass
class Target:
    """An app under test: where it runs and what one user action is."""

    name: str
    url: str
    path: str
    backend: ReflexBackend
    #: True once the app's background work (the RQ queue) is idle; ``None`` when it has none.
    idle: Callable[[], bool] | None = None
    #: What the builder designs in this target's tabs.
    product_type: str = "harness"

    async def start(self, tab: ReflexClient) -> None:
        """Open the builder on this target's product type (not measured)."""
        if self.name != "counter" and self.product_type != "harness":
            await tab.send(f"{BUILDER}.choose_type", slug=self.product_type)
            await tab.wait_for(lambda state: state[BUILDER]["product_type"] == self.product_type, TIMEOUT)

    async def quiet(self, timeout: float = 60) -> None:
        """Wait until the work that opening the page started (e.g. analytics jobs) is done."""
        deadline = time.monotonic() + timeout
        while self.idle is not None and not self.idle():
            if time.monotonic() > deadline:
                raise TimeoutError(f"{self.name}: background jobs still running after {timeout:.0f} s")
            await asyncio.sleep(0.02)

    async def warm(self) -> None:
        """One tab goes through every option value once, so every preview is rendered and cached."""
        tab = ReflexClient(self.url, self.path)
        await tab.connect(timeout=TIMEOUT)
        await self.start(tab)
        for n in range(len(CHANGES[self.product_type][1]) if self.name != "counter" else 1):
            await self.act(tab, n)
            if self.name != "counter":
                await tab.wait_for(lambda state: state[BUILDER]["preview_state"] == "ready", TIMEOUT)
        await tab.close()

    async def act(self, tab: ReflexClient, n: int) -> None:
        """Send the user's ``n``-th action and wait for the delta that shows it."""
        if self.name == "counter":
            expected = tab.state[COUNTER]["count"] + 1
            await tab.send(f"{COUNTER}.increment")
            await tab.wait_for(lambda state: state[COUNTER]["count"] == expected, TIMEOUT)
        else:
            field, values = CHANGES[self.product_type]
            value = values[n % len(values)]
            await tab.send(f"{BUILDER}.set_option", field=field, value=value)
            await tab.wait_for(lambda state: state[BUILDER]["config"][field] == value, TIMEOUT)


@dataclass
class Level:
    """What one concurrency level measured."""

    users: int
    samples: list[float] = field(default_factory=list)
    errors: int = 0
    seconds: float = 0.0

    @property
    def rate(self) -> float:
        """Round trips per second over the measured phase."""
        return len(self.samples) / self.seconds if self.seconds else 0.0

    def p(self, q: float) -> float:
        """The q-th percentile round trip in ms (infinite when nothing came back)."""
        return percentile(self.samples, q) if self.samples else float("inf")

    def add(self, other: Level) -> None:
        """Pool another round's measurements into this one."""
        self.samples += other.samples
        self.errors += other.errors
        self.seconds += other.seconds

    def summary(self) -> str:
        """p50/p95/p99, events/s and errors in a few words."""
        return (
            f"{self.users} users: p50 {self.p(50):.2f} / p95 {self.p(95):.2f} / p99 {self.p(99):.2f} ms, "
            f"{self.rate:,.0f} events/s, {self.errors} errors"
        )


async def _open(target: Target, tokens: list[str], level: Level) -> list[ReflexClient]:
    async def one(token: str) -> ReflexClient | None:
        tab = ReflexClient(target.url, target.path, token=token)
        try:
            await tab.connect(timeout=TIMEOUT)
            await target.start(tab)
            await target.act(tab, 0)  # warm-up, not measured
            return tab
        except Exception:  # noqa: BLE001 - any failure to connect is counted as an error
            level.errors += 1
            with contextlib.suppress(Exception):
                await tab.close()
            return None

    opened = await asyncio.gather(*(one(token) for token in tokens))
    return [tab for tab in opened if tab is not None]


async def _close(tabs: list[ReflexClient]) -> None:
    await asyncio.gather(*(tab.close() for tab in tabs), return_exceptions=True)


async def _level(target: Target, users: int, prefix: str, events: int) -> Level:
    """``users`` tabs open the page, then each sends ``events`` changes back to back; all measured."""
    level = Level(users)
    tabs = await _open(target, [f"{prefix}-{users}-{n}" for n in range(users)], level)
    await target.quiet()  # people change options seconds after the page opened, not while it still works

    async def user(tab: ReflexClient) -> None:
        for n in range(1, events + 1):
            started = time.perf_counter()
            try:
                await target.act(tab, n)
            except Exception:  # noqa: BLE001 - a lost or late answer is an error, the user goes on
                level.errors += 1
                if not tab.connected:
                    return
                continue
            level.samples.append((time.perf_counter() - started) * 1000)

    started = time.perf_counter()
    await asyncio.gather(*(user(tab) for tab in tabs))
    level.seconds = time.perf_counter() - started
    await _close(tabs)
    return level


def _queue_idle(var_dir: Path) -> Callable[[], bool]:
    """Whether the job queue of the apps using ``var_dir`` has nothing waiting or running."""
    import redis
    from rq import Queue
    from rq.registry import StartedJobRegistry

    from allpetplus.core.redis import embedded_socket_path
    from allpetplus.core.settings import settings

    connection = redis.Redis.from_url(f"unix://{embedded_socket_path(var_dir / 'redis' / 'allpetplus.rdb')}")
    queue = Queue(settings.QUEUE_NAME, connection=connection)
    return lambda: queue.count == 0 and StartedJobRegistry(queue=queue).count == 0


@contextlib.contextmanager
def _backends() -> Iterator[tuple[Target, Target]]:
    """The builder (with its worker and database) and the counter, one backend process each."""
    from allpetplus.core.redis import stop_embedded_redis
    from allpetplus.stack import Stack

    directory = Path(tempfile.mkdtemp(prefix="allpetplus-bench-ws-"))
    env = {"ALLPETPLUS_APP": "allpetplus", "VAR_DIR": str(directory / "var"), "LOG_LEVEL": "WARNING",
           "REDIS_URL": "", "DATABASE_URL": ""}  # fmt: skip
    subprocess.run([sys.executable, "-m", "allpetplus.stack", "migrate"], env={**os.environ, **env},
                   check=True, capture_output=True)  # fmt: skip
    worker = Stack(apps=(), env=env, log_dir=directory / "log")
    builder = ReflexBackend(directory, env, name="builder")
    counter = ReflexBackend(directory, {"REDIS_URL": ""}, cwd=COUNTER_DIR, name="counter")
    try:
        worker.start()
        for backend in (builder, counter):
            backend.start().wait_ready(600)
        targets = (
            Target("builder", builder.url, "/builder", builder, _queue_idle(directory / "var")),
            Target("counter", counter.url, "/", counter),
        )
        for target in targets:
            asyncio.run(target.warm())
        yield targets
    finally:
        for backend in (builder, counter):
            backend.stop()
        worker.stop()
        stop_embedded_redis(directory / "var" / "redis" / "allpetplus.rdb")
        shutil.rmtree(directory, ignore_errors=True)


def _memory(builder: Target) -> dict[str, float]:
    """Resident memory of the builder backend through two waves of the same 200 tabs."""
    tokens = [f"memory-{n}" for n in range(200)]

    async def wave() -> float:
        level = Level(len(tokens))
        tabs = await _open(builder, tokens, level)
        for n in range(1, 4):
            await asyncio.gather(*(builder.act(tab, n) for tab in tabs))
        connected = builder.backend.memory_mb()
        await _close(tabs)
        if level.errors:
            raise RuntimeError(f"{level.errors} of {len(tokens)} memory-test sessions failed to open")
        if renamed := sum(bool(tab.new_tokens) for tab in tabs):
            raise RuntimeError(f"{renamed} returning tabs were given new tokens: they did not get their state back")
        return connected

    async def settled() -> float:
        """Resident memory once it stops changing (the backend drops closed sockets asynchronously)."""
        readings = [builder.backend.memory_mb()]
        while len(readings) < 3 or max(readings[-3:]) - min(readings[-3:]) > 1:
            await asyncio.sleep(0.25)
            readings.append(builder.backend.memory_mb())
        return readings[-1]

    async def run() -> dict[str, float]:
        before = await settled()
        connected = await wave()
        disconnected = await settled()
        await wave()
        return {"before": before, "connected": connected, "disconnected": disconnected, "again": await settled()}

    return asyncio.run(run())


def websocket() -> list[Result]:
    """Option changes over the websocket at 1/10/50/200 users, builder beside the counter app; memory."""
    with _backends() as (builder, counter):
        measured = {name: {users: Level(users) for users in USERS} for name in ("builder", "counter")}
        for users, round_ in itertools.product(USERS, range(ROUNDS)):
            for target in (counter, builder):
                level = asyncio.run(_level(target, users, f"{target.name}-{round_}", EVENTS_PER_USER[users] // ROUNDS))
                measured[target.name][users].add(level)
        for users, name in itertools.product(USERS, ("counter", "builder")):
            print(f"    {name} {measured[name][users].summary()}", flush=True)
        memory = _memory(builder)
    b, c = measured["builder"], measured["counter"]
    per_session = (memory["connected"] - memory["before"]) / 200 * 1024
    return [
        Result(
            "Builder websocket: round trip p50 at 1 user, share of the counter app's",
            b[1].p(50) / c[1].p(50),
            "×",
            1.5,
            detail=f"builder {b[1].summary()}; counter {c[1].summary()}",
        ),
        Result(
            "Builder websocket: round trip p95 at 50 users, share of the counter app's",
            b[50].p(95) / c[50].p(95),
            "×",
            2,
            detail=f"builder {b[50].summary()}; counter {c[50].summary()}",
        ),
        *(
            Result(
                f"Builder websocket: errors at {users} users",
                b[users].errors,
                "",
                0,
                detail=f"builder {b[users].summary()}; counter {c[users].summary()}",
            )
            for users in USERS
        ),
        Result(
            "Builder backend memory per open session (200 sessions)",
            per_session,
            "KB",
            512,
            detail=f"resident {memory['before']:.0f} MB before, {memory['connected']:.0f} MB with 200 sessions",
        ),
        Result(
            "Builder backend memory growth when the same 200 tabs reload and leave again",
            memory["again"] - memory["disconnected"],
            "MB",
            10,
            detail=f"{memory['disconnected']:.0f} MB after the first 200 disconnected, {memory['again']:.0f} MB after "
            "they came back and left (their state is kept for reconnects, so no growth is expected)",
        ),
    ]


def websocket_types() -> list[Result]:
    """Option changes on the collar's and the leash's builder at 1 and 50 users, beside the counter app."""
    levels = (1, 50)
    with _backends() as (builder, counter):
        targets = [dataclasses.replace(builder, name=slug, product_type=slug) for slug in ("collar", "leash")]
        for target in targets:
            asyncio.run(target.warm())
        measured = {t.name: {users: Level(users) for users in levels} for t in (counter, *targets)}
        for users, round_ in itertools.product(levels, range(ROUNDS)):
            # Every round the types swap places, so neither always meets a backend holding the other's sessions.
            for target in (counter, *(targets if round_ % 2 == 0 else reversed(targets))):
                level = asyncio.run(_level(target, users, f"{target.name}-{round_}", EVENTS_PER_USER[users] // ROUNDS))
                measured[target.name][users].add(level)
    c, rows = measured["counter"], []
    for target in targets:
        t, name = measured[target.name], target.name.capitalize()
        side_by_side = {users: f"{target.name} {t[users].summary()}; counter {c[users].summary()}" for users in levels}
        rows += [
            Result(f"{name} builder websocket: round trip p50 at 1 user, share of the counter app's",
                   t[1].p(50) / c[1].p(50), "×", 1.5, detail=side_by_side[1]),
            Result(f"{name} builder websocket: round trip p95 at 50 users, share of the counter app's",
                   t[50].p(95) / c[50].p(95), "×", 2, detail=side_by_side[50]),
            Result(f"{name} builder websocket: errors at 1 and 50 users", t[1].errors + t[50].errors, "", 0,
                   detail=f"{target.name} 1 user: {t[1].errors}, 50 users: {t[50].errors}"),
        ]  # fmt: skip
    return rows


ALL = (websocket, websocket_types)
