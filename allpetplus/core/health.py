"""Health checks of the database, Redis and the job queue, as JSON routes for probes and people."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from allpetplus.core import db, queue, redis
from allpetplus.core.rest import operators_only
from allpetplus.core.settings import settings


def _check(probe: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    started = time.perf_counter()
    try:
        detail = probe()
        status = "ok" if not detail.pop("problem", None) else "down"
        result = {"status": status, **detail}
    except Exception as exc:  # noqa: BLE001 - any failure means the component is down
        result = {"status": "down", "reason": f"{type(exc).__name__}: {exc}".splitlines()[0][:300]}
    result["latency_ms"] = round((time.perf_counter() - started) * 1000, 2)
    return result


def check_db() -> dict[str, Any]:
    """Whether the database answers a query."""
    return _check(lambda: {"backend": db.get_engine().dialect.name, "ping_ms": round(db.ping(), 2)})


def check_redis() -> dict[str, Any]:
    """Whether Redis answers PING."""
    return _check(lambda: {"embedded": redis.redis_url().startswith("unix://"), "ping_ms": round(redis.ping(), 2)})


def _queue_detail(round_trip: bool = False) -> dict[str, Any]:
    q = queue.get_queue()
    workers = queue.live_workers(q)
    detail: dict[str, Any] = {
        "queue": q.name,
        "workers": len(workers),
        "queued": q.count,
        "failed": q.failed_job_registry.count,
    }
    if not workers:
        detail["problem"] = True
        detail["reason"] = (
            f"no worker is listening on queue '{q.name}'; start one with: python -m allpetplus.jobs.worker"
        )
    elif round_trip:
        detail["round_trip_ms"] = queue.round_trip({"probe": "health"}, timeout=5)["round_trip_ms"]
    return detail


def check_queue(round_trip: bool = False) -> dict[str, Any]:
    """Whether at least one live RQ worker listens on the queue; with its depth and failures.

    With ``round_trip`` a small job is also sent through a worker and its round trip timed.
    """
    return _check(lambda: _queue_detail(round_trip))


CHECKS: dict[str, Callable[[], dict[str, Any]]] = {"db": check_db, "redis": check_redis, "queue": check_queue}


def _respond(body: dict[str, Any]) -> JSONResponse:
    return JSONResponse(body, status_code=200 if body["status"] == "ok" else 503, headers={"Cache-Control": "no-store"})


_last: tuple[float, dict[str, Any]] | None = None


def _overall() -> dict[str, Any]:
    components = {name: check() for name, check in CHECKS.items()}
    down = [name for name, result in components.items() if result["status"] != "ok"]
    body: dict[str, Any] = {"status": "down" if down else "ok", **components}
    if down:
        body["reason"] = "down: " + ", ".join(down)
    return body


async def health(_request: Request) -> JSONResponse:
    """All components; 200 only when every one is ok. The result is reused for ``HEALTH_CACHE_SECONDS``."""
    global _last
    now = time.monotonic()
    if _last is None or now - _last[0] >= settings.HEALTH_CACHE_SECONDS:
        _last = (now, await run_in_threadpool(_overall))
    return _respond(_last[1])


def _component_route(name: str) -> Route:
    def endpoint(_request: Request) -> JSONResponse:
        return _respond(CHECKS[name]())

    return Route(f"/health/{name}", endpoint, methods=["GET"], name=f"health_{name}")


def queue_health(request: Request) -> JSONResponse:
    """``/health/queue``; ``?round_trip=1`` (operators only: it runs a job) also times a job through a worker."""
    round_trip = request.query_params.get("round_trip") in ("1", "true")
    if round_trip and (refusal := operators_only(request)) is not None:
        return refusal
    return _respond(check_queue(round_trip=round_trip))


routes = [
    Route("/health", health, methods=["GET"], name="health"),
    _component_route("db"),
    _component_route("redis"),
    Route("/health/queue", queue_health, methods=["GET"], name="health_queue"),
]
