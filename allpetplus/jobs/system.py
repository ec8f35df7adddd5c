"""Jobs that prove the queue works end to end: enqueue → worker → stored result."""

from __future__ import annotations

import os
import socket
import time
from typing import Any

from rq import Retry

from allpetplus.core.queue import enqueue


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
