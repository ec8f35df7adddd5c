"""Prometheus metrics: request latency per route, state-event latency per event, job counts and durations,
webhook deliveries by outcome. ``GET /metrics`` on the main app's backend.

Every process of the stack (three apps, worker, scheduler) writes to ``PROMETHEUS_MULTIPROC_DIR`` when it
is set (``allpetplus.stack`` sets it), so the main app's ``/metrics`` reports them all.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
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
#: The route of the frontend page a path shows (``"product/[handle]"``, ``"index"``), or ``None``.
PageRoute = Callable[[str], str | None]


def method_label(method: str) -> str:
    """The method as a label: one of ``METHODS``, else ``other``."""
    return method if method in METHODS else "other"


def route_label(scope: Mapping[str, Any], status: int, page_route: PageRoute | None = None) -> str:
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
    if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        return REGISTRY
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


def job_succeeded(job: Any, connection: Any, result: Any, *args: Any, **kwargs: Any) -> None:
    """RQ success callback: the job's duration."""
    _job(job, "succeeded")


def job_failed(job: Any, connection: Any, *args: Any, **kwargs: Any) -> None:
    """RQ failure callback: the job's duration until it failed."""
    _job(job, "failed")


def _job(job: Any, outcome: str) -> None:
    started = job.started_at
    seconds = (datetime.now(UTC) - started.replace(tzinfo=UTC)).total_seconds() if started else 0.0
    JOBS.labels(job.func_name.rsplit(".", 1)[-1], outcome).observe(max(seconds, 0.0))
