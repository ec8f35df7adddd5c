"""The HTTP middleware every app's backend shares: request ids, access logs, security headers, latency per
route, and the size limit of every request body. Plain ASGI: the Reflex side is ``allpetplus.ui.backend``."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable

import structlog
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from allpetplus.core import apps, media
from allpetplus.core.cookies import BROWSER_COOKIE, new_browser_cookie, read_cookie
from allpetplus.core.logging import get_logger, new_request_id
from allpetplus.core.metrics import PageRoute, method_label, observe_request, route_label
from allpetplus.core.rest import MAX_JSON_BYTES, MAX_WEBHOOK_BYTES, declared_length, too_large_message
from allpetplus.core.settings import settings

log = get_logger("allpetplus.http")

REQUEST_ID_HEADER = b"x-request-id"
_QUIET_PATHS = ("/ping", "/_event", "/assets/", "/_upload")
#: The most bytes a request body may carry, by path prefix (the first that matches). Socket.io's messages on
#: ``/_event`` are capped by socket.io itself; everything else is a REST call, a webhook or an upload.
BODY_LIMITS: tuple[tuple[str, int | None], ...] = (
    ("/_event", None),
    ("/_upload", media.MAX_UPLOAD_REQUEST_BYTES),
    ("/webhooks/", MAX_WEBHOOK_BYTES),
    ("/", MAX_JSON_BYTES),
)


def client_address(peer: str, forwarded_for: str = "") -> str:
    """The visitor's address. Directly connected: the peer. Behind ``TRUSTED_PROXY_HOPS`` reverse proxies:
    the entry that many places from the end of ``X-Forwarded-For``, the one the outermost trusted proxy
    wrote; entries further left were written by the visitor and are never trusted. Reflex applies the same
    rule to websockets (``rx.Config(trusted_proxy_hops=...)`` in ``rxconfig.py``)."""
    hops = settings.TRUSTED_PROXY_HOPS
    if hops:
        forwarded = [entry.strip() for entry in forwarded_for.split(",") if entry.strip()]
        if len(forwarded) >= hops:
            return forwarded[-hops]
    return peer or "unknown"


def request_client(request: Request) -> str:
    """The visitor's address for a REST request (``client_address`` of its peer and forwarded headers)."""
    forwarded_for = ",".join(request.headers.getlist("x-forwarded-for"))
    return client_address(request.client.host if request.client else "", forwarded_for)


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


def _cookie_header(scope: Scope) -> str:
    return "; ".join(value.decode("latin-1") for name, value in scope.get("headers") or [] if name == b"cookie")


def _is_page(headers: list[tuple[bytes, bytes]]) -> bool:
    return any(name.lower() == b"content-type" and value.startswith(b"text/html") for name, value in headers)


def request_context(
    app_name: str, current_page_route: Callable[[], PageRoute | None] = lambda: None
) -> Callable[[ASGIApp], ASGIApp]:
    """Middleware factory: request id in and out, security headers, one access log line per request, and
    the browser cookie (``core.cookies``) on the first page a browser loads. ``current_page_route`` gives,
    while a request is served, the frontend's page matcher (pages are labelled by their route)."""
    extra = security_headers(app_name)
    replaced = {name for name, _ in extra} | {REQUEST_ID_HEADER}
    public_url = apps.url_of(app_name) if app_name in apps.names() else settings.MAIN_URL
    secure_cookies = public_url.startswith("https://")

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
            new_browser = not read_cookie(_cookie_header(scope), BROWSER_COOKIE)

            async def send_with_headers(message: Message) -> None:
                nonlocal status
                if message["type"] == "http.response.start":
                    status = message["status"]
                    headers = [h for h in message.get("headers", []) if h[0].lower() not in replaced]
                    headers += [*extra, (REQUEST_ID_HEADER, request_id.encode())]
                    if new_browser and _is_page(headers):
                        headers.append((b"set-cookie", new_browser_cookie(secure_cookies)[1].encode("latin-1")))
                    message = {**message, "headers": headers}
                await send(message)

            try:
                await app(scope, receive, send_with_headers)
            finally:
                path = scope.get("path", "")
                route = route_label(scope, status, current_page_route())
                observe_request(app_name, method_label(scope.get("method", "")), route, status,
                                time.perf_counter() - started)  # fmt: skip
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


def body_limit(path: str) -> int | None:
    """The most bytes a request body to ``path`` may carry (``None``: not limited here)."""
    return next(limit for prefix, limit in BODY_LIMITS if path.startswith(prefix))


def limit_request_bodies(app: ASGIApp) -> ASGIApp:
    """Middleware: a request body over its path's limit is answered 413 before the app has read it whole.

    A declared ``Content-Length`` over the limit is refused before a byte is read. A streamed (chunked)
    body is cut off as soon as the bytes received pass the limit: the app is told the client went away
    (Reflex's upload endpoint and Starlette's ``request.body()`` stop there) and its answer is replaced
    by the 413.
    """

    async def asgi(scope: Scope, receive: Receive, send: Send) -> None:
        limit = body_limit(scope.get("path", "")) if scope["type"] == "http" else None
        if limit is None:
            await app(scope, receive, send)
            return
        length = dict(scope.get("headers") or []).get(b"content-length")
        declared = declared_length(length.decode("latin-1") if length is not None else None)
        if declared is not None and declared > limit:
            await _too_large(send, limit)
            return
        received, over, started = 0, False, False

        async def receive_within_limit() -> Message:
            nonlocal received, over
            if over:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    over = True
                    return {"type": "http.disconnect"}
            return message

        async def send_unless_cut_off(message: Message) -> None:
            nonlocal started
            if over and not started:
                return
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await app(scope, receive_within_limit, send_unless_cut_off)
        except Exception:
            if not over:
                raise
        if over and not started:
            await _too_large(send, limit)

    return asgi


async def _too_large(send: Send, limit: int) -> None:
    response = JSONResponse({"detail": too_large_message(limit)}, status_code=413, headers={"Connection": "close"})
    await send({"type": "http.response.start", "status": 413, "headers": response.raw_headers})
    await send({"type": "http.response.body", "body": response.body})


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
