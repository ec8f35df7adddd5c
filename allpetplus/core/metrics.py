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
from collections.abc import Callable, Mapping
from typing import Any

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount, Route

from allpetplus.core.rest import operators_only

LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)

REQUESTS = Histogram("allpetplus_http_request_seconds", "HTTP request latency", ["app", "method", "route", "status"],
                     buckets=LATENCY_BUCKETS)  # fmt: skip
EVENTS = Histogram("allpetplus_state_event_seconds", "Websocket state event processing time", ["app", "event"],
                   buckets=LATENCY_BUCKETS)  # fmt: skip
JOBS = Histogram("allpetplus_job_seconds", "Background job duration", ["job", "outcome"],
                 buckets=(*LATENCY_BUCKETS, 30, 60, 300))  # fmt: skip
WEBHOOKS = Counter("allpetplus_webhook_deliveries_total", "Webhook deliveries by outcome", ["provider", "outcome"])

#: Methods counted by name; any other method a client sends is counted as ``other``.
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
#: The route label of every request that matched no route, page or file.
UNMATCHED = "unmatched"
_CONVERTOR = re.compile(r"{(\w+):\w+}")


def method_label(method: str) -> str:
    """The method as a label: one of ``METHODS``, else ``other``."""
    return method if method in METHODS else "other"


def route_label(scope: Mapping[str, Any], status: int, page_route: Callable[[str], str | None] | None = None) -> str:
    """The route a request matched, as a label with few values, whatever paths clients send.

    A REST or Reflex route gives its template (``/api/pets/{pet_id}``, ``/_upload``); a page of the built
    frontend its route (``/product/[handle]``, found with ``page_route``), other files there ``static``;
    a mount such as ``/_upload`` (uploaded files) ``/_upload/*``; anything else ``unmatched``. Starlette's
    router records the matched route in the request's scope, which is where it is read from.
    """
    route = scope.get("route")
    if isinstance(route, Route):
        return _CONVERTOR.sub(r"{\1}", route.path)
    if isinstance(route, Mount) and route.name == "frontend":
        if status >= 400:
            return UNMATCHED
        page = page_route(scope.get("path", "")) if page_route else None
        return ("/" if page == "index" else f"/{page}") if page else "static"
    if isinstance(route, Mount) and route.path:
        return f"{route.path}/*"
    return UNMATCHED


def observe_request(app: str, method: str, route: str, status: int, seconds: float) -> None:
    """Record one HTTP request (``method`` and ``route`` as labels: ``method_label``, ``route_label``)."""
    REQUESTS.labels(app, method, route, str(status)).observe(seconds)


def registry() -> CollectorRegistry:
    """The registry to expose: every process's metrics in multiprocess mode, else this process's."""
    from prometheus_client import REGISTRY

    if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        return REGISTRY
    from prometheus_client import multiprocess

    collected = CollectorRegistry()
    multiprocess.MultiProcessCollector(collected)
    return collected


async def metrics_endpoint(request: Request) -> Response:
    """``GET /metrics`` in Prometheus' text format, for operators only (``operators_only``)."""
    refusal = operators_only(request)
    if refusal is not None:
        return refusal
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

    @functools.wraps(original)
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
