"""The backend HTTP layer every app shares: REST routes, request ids, access logs, security headers."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Sequence

import structlog
from starlette.applications import Starlette
from starlette.routing import BaseRoute
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from allpetplus.core import health
from allpetplus.core.logging import get_logger, new_request_id
from allpetplus.core.metrics import instrument_state_events, observe_request
from allpetplus.core.sentry import init_sentry
from allpetplus.core.settings import settings

log = get_logger("allpetplus.http")

REQUEST_ID_HEADER = b"x-request-id"
_QUIET_PATHS = ("/ping", "/_event", "/assets/", "/_upload")


def frame_ancestors(app_name: str) -> str:
    """Who may frame the app: nobody for the main app, only the main app for the embeddable ones."""
    if app_name == "allpetplus":
        return "frame-ancestors 'self'"
    return f"frame-ancestors 'self' {settings.MAIN_URL}"


def security_headers(app_name: str) -> list[tuple[bytes, bytes]]:
    """Headers added to every HTTP response of ``app_name`` (pages and API alike)."""
    headers = [
        (b"content-security-policy", frame_ancestors(app_name).encode()),
        (b"x-content-type-options", b"nosniff"),
        (b"referrer-policy", b"strict-origin-when-cross-origin"),
    ]
    if app_name == "allpetplus":
        headers.append((b"x-frame-options", b"SAMEORIGIN"))
    return headers


def request_context(app_name: str) -> Callable[[ASGIApp], ASGIApp]:
    """Middleware factory: request id in and out, security headers, one access log line per request."""
    extra = security_headers(app_name)
    replaced = {name for name, _ in extra} | {REQUEST_ID_HEADER}

    def wrap(app: ASGIApp) -> ASGIApp:
        async def asgi(scope: Scope, receive: Receive, send: Send) -> None:
            if scope["type"] != "http":
                await app(scope, receive, send)
                return
            incoming = dict(scope.get("headers") or []).get(REQUEST_ID_HEADER, b"").decode("latin-1")
            request_id = incoming[:64] if incoming.isprintable() and incoming else new_request_id()
            structlog.contextvars.bind_contextvars(request_id=request_id)
            started = time.perf_counter()
            status = 500

            async def send_with_headers(message: Message) -> None:
                nonlocal status
                if message["type"] == "http.response.start":
                    status = message["status"]
                    headers = [h for h in message.get("headers", []) if h[0].lower() not in replaced]
                    headers += [*extra, (REQUEST_ID_HEADER, request_id.encode())]
                    message = {**message, "headers": headers}
                await send(message)

            try:
                await app(scope, receive, send_with_headers)
            finally:
                path = scope.get("path", "")
                observe_request(app_name, scope.get("method", ""), path, status, time.perf_counter() - started)
                if not path.startswith(_QUIET_PATHS):
                    log.info(
                        "request",
                        app=app_name,
                        method=scope.get("method"),
                        path=path,
                        status=status,
                        duration_ms=round((time.perf_counter() - started) * 1000, 2),
                    )
                structlog.contextvars.unbind_contextvars("request_id")

        return asgi

    return wrap


#: Young-generation collections after this many new container objects (Python's default: 700), then
#: older generations every 20 and 100 of those: a websocket event allocates thousands of objects.
GC_THRESHOLDS = (50_000, 20, 100)


def tune_garbage_collector(app: ASGIApp) -> ASGIApp:
    """Last transform, applied once the app is compiled.

    Everything built so far (modules, pages, state classes: ~360,000 objects in the main app) moves out
    of the collector's reach, so its full collections scan only what requests create: unfrozen, each
    full collection stalled every open tab for ~200 ms; frozen, it takes well under a millisecond.
    Collecting less often then cut the builder's p95/p99 option-change round trip at 50 users from
    26/39 ms to 20/26 ms (``bench/websocket.py``).
    """
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)
    return app


def backend_api(app_name: str, routes: Sequence[BaseRoute] = ()) -> list:
    """The ``api_transformer`` of an app: the health routes and its REST routes first, then the shared
    middleware (which also times every request and, through the event processor, every websocket state event)."""
    instrument_state_events(app_name)
    init_sentry(app_name)
    return [Starlette(routes=[*health.routes, *routes]), request_context(app_name), tune_garbage_collector]
