"""Prometheus metrics: request latency per route, state-event latency per event, job counts and durations,
webhook deliveries by outcome. ``GET /metrics`` on the main app's backend.

Every process of the stack (three apps, worker, scheduler) writes to ``PROMETHEUS_MULTIPROC_DIR`` when it
is set (``allpetplus.stack`` sets it), so the main app's ``/metrics`` reports them all.
"""

from __future__ import annotations

import functools
import os
import re
import time
from typing import Any

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)

REQUESTS = Histogram("allpetplus_http_request_seconds", "HTTP request latency", ["app", "method", "route", "status"],
                     buckets=LATENCY_BUCKETS)  # fmt: skip
EVENTS = Histogram("allpetplus_state_event_seconds", "Websocket state event processing time", ["app", "event"],
                   buckets=LATENCY_BUCKETS)  # fmt: skip
JOBS = Histogram("allpetplus_job_seconds", "Background job duration", ["job", "outcome"],
                 buckets=(*LATENCY_BUCKETS, 30, 60, 300))  # fmt: skip
WEBHOOKS = Counter("allpetplus_webhook_deliveries_total", "Webhook deliveries by outcome", ["provider", "outcome"])

_IDS = re.compile(r"/(\d+|[0-9a-f]{16,}|[A-Za-z0-9_-]{32,})(?=/|$)")


def route_label(path: str) -> str:
    """A low-cardinality label for a path: ids and tokens become ``{id}``; files under ``/_upload`` one label,
    signed document links another (the link is a secret: it never becomes a label)."""
    if path.startswith("/_upload/"):
        return "/_upload/{file}"
    if path.startswith("/documents/"):
        return "/documents/{token}"
    return _IDS.sub("/{id}", path) or "/"


def observe_request(app: str, method: str, path: str, status: int, seconds: float) -> None:
    """Record one HTTP request."""
    REQUESTS.labels(app, method, route_label(path), str(status)).observe(seconds)


def registry() -> CollectorRegistry:
    """The registry to expose: every process's metrics in multiprocess mode, else this process's."""
    from prometheus_client import REGISTRY

    if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        return REGISTRY
    from prometheus_client import multiprocess

    collected = CollectorRegistry()
    multiprocess.MultiProcessCollector(collected)
    return collected


async def metrics_endpoint(_request: Request) -> Response:
    """``GET /metrics`` in Prometheus' text format."""
    return Response(generate_latest(registry()), media_type=CONTENT_TYPE_LATEST)


routes = [Route("/metrics", metrics_endpoint, methods=["GET"])]


def instrument_state_events(app_name: str) -> None:
    """Time every websocket state event (Reflex has no after-event hook, so its processor is wrapped once)."""
    from reflex_base.event.processor import base_state_processor as processor

    original = processor.process_event
    if getattr(original, "_allpetplus_timed", False):
        return

    @functools.cache
    def histogram(name: str) -> Any:
        return EVENTS.labels(app_name, name)

    async def timed(*, handler: Any, payload: dict, state: Any, root_state: Any):
        from allpetplus.core.logging import bind_request_id
        from allpetplus.core.sentry import feature_scope

        name = getattr(handler.fn, "__qualname__", "event")  # e.g. BuilderState.set_option
        bind_request_id()  # one id per state event: its log lines and the jobs it enqueues share it
        started = time.perf_counter()
        try:
            with feature_scope(name.split(".")[0]):
                return await original(handler=handler, payload=payload, state=state, root_state=root_state)
        finally:
            histogram(name).observe(time.perf_counter() - started)

    timed._allpetplus_timed = True  # type: ignore[attr-defined]
    processor.process_event = timed


def job_succeeded(job: Any, connection: Any, result: Any, *args: Any, **kwargs: Any) -> None:
    """RQ success callback: the job's duration."""
    _job(job, "succeeded")


def job_failed(job: Any, connection: Any, *args: Any, **kwargs: Any) -> None:
    """RQ failure callback: the job's duration until it failed."""
    _job(job, "failed")


def _job(job: Any, outcome: str) -> None:
    from datetime import UTC, datetime

    started = job.started_at
    seconds = (datetime.now(UTC) - started.replace(tzinfo=UTC)).total_seconds() if started else 0.0
    JOBS.labels(job.func_name.rsplit(".", 1)[-1], outcome).observe(max(seconds, 0.0))
