"""The RQ queue on the shared Redis, the one way the product enqueues background work, and the smallest
job proving the queue works end to end (enqueue → worker → stored result)."""

from __future__ import annotations

import os
import socket
import time
from collections.abc import Callable
from typing import Any

from rq import Callback, Queue, Retry, Worker
from rq.job import Job

from allpetplus.core.logging import current_request_id
from allpetplus.core.redis import get_redis
from allpetplus.core.settings import settings

DEFAULT_RETRY = Retry(max=3, interval=[5, 30, 120])
ON_SUCCESS = Callback("allpetplus.core.metrics.job_succeeded")
ON_FAILURE = Callback("allpetplus.core.metrics.job_failed")


def get_queue(name: str | None = None) -> Queue:
    """The named queue (default: ``QUEUE_NAME``) on the shared Redis."""
    return Queue(name or settings.QUEUE_NAME, connection=get_redis())


def enqueue(func: Callable[..., Any] | str, *args: Any, retry: Retry | None = DEFAULT_RETRY, **kwargs: Any) -> Job:
    """Enqueue ``func(*args, **kwargs)`` with retries and exponential backoff (durations go to the metrics).

    ``func`` may be named ("module.function"), which a lower layer does for a job that sits above it."""
    meta = {"request_id": current_request_id(), **kwargs.pop("meta", {})}
    return get_queue().enqueue(
        func, *args, retry=retry, on_success=ON_SUCCESS, on_failure=ON_FAILURE, meta=meta, **kwargs
    )


def enqueue_coalesced(func: Callable[..., Any] | str, *, key: str, ttl: int = 30) -> Job | None:
    """Enqueue ``func()`` unless a run is already waiting (``key`` marks it; the job calls ``coalesced_started``).

    Many triggers in a burst (e.g. a thousand webhook deliveries) then cost one queued job, not a thousand.
    The mark expires after ``ttl`` seconds, so a run lost with Redis is requested again.
    """
    if not get_redis().set(_pending_key(key), 1, nx=True, ex=ttl):
        return None
    return enqueue(func)


def coalesced_started(key: str) -> None:
    """Called first by a coalesced job: triggers from now on enqueue a new run."""
    get_redis().delete(_pending_key(key))


def _pending_key(key: str) -> str:
    return f"allpetplus:pending:{key}"


def live_workers(queue: Queue | None = None) -> list[Worker]:
    """Workers that are registered for the queue and have sent a heartbeat recently."""
    queue = queue or get_queue()
    return Worker.all(queue=queue)


def echo(payload: dict[str, Any]) -> dict[str, Any]:
    """Return the payload with where and when it ran; the smallest real job."""
    return {"payload": payload, "worker_pid": os.getpid(), "host": socket.gethostname(), "ran_at": time.time()}


class QueueTimeout(RuntimeError):
    """No worker finished the job in time."""


def round_trip(payload: dict[str, Any] | None = None, timeout: float = 10.0) -> dict[str, Any]:
    """Enqueue ``echo`` and wait for its result; returns the result and the round trip in ms."""
    started = time.perf_counter()
    job = enqueue(echo, payload or {}, retry=Retry(max=1), result_ttl=60, ttl=int(timeout) + 1)
    result = job.latest_result(timeout=max(1, int(timeout)))
    if result is None or result.type != result.Type.SUCCESSFUL:
        job.cancel()
        raise QueueTimeout(f"job {job.id} was not done within {timeout:g} s (status {job.get_status()})")
    return {"result": result.return_value, "round_trip_ms": round((time.perf_counter() - started) * 1000, 2)}
