"""The HTTP layer in front of the built frontend: a public page's first response carries its head and its
snapshot (``snapshot.render_page``), an unknown product answers 404, and private pages say ``noindex``."""

from __future__ import annotations

import gzip
from collections.abc import Callable
from urllib.parse import parse_qsl, urlsplit

from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from allpetplus.core.logging import get_logger
from allpetplus.seo import head as heads
from allpetplus.seo import shell, snapshot

log = get_logger("allpetplus.seo")

#: Paths that are never pages: the websocket, files, REST and webhooks.
_NOT_PAGES = ("/_", "/assets/", "/api/", "/webhooks/", "/health", "/ping", "/metrics", "/favicon", "/sitemap.xml",
              "/robots.txt")  # fmt: skip


_PATHSEND = "http.response.pathsend"


async def _call(app: ASGIApp, scope: Scope, receive: Receive) -> tuple[Message, bytes]:
    """The app's whole response to ``scope``: its start message and its body."""
    start: Message = {}
    chunks: list[bytes] = []

    async def capture(message: Message) -> None:
        nonlocal start
        if message["type"] == "http.response.start":
            start = message
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))

    await app(scope, receive, capture)
    return start, b"".join(chunks)


#: Headers of the built file that do not describe the edited page.
_REPLACED_HEADERS = (b"content-length", b"etag", b"last-modified", b"cache-control", b"content-encoding")


def _accepts_gzip(scope: Scope) -> bool:
    return any(k == b"accept-encoding" and b"gzip" in v for k, v in scope.get("headers", []))


def _is_html(start: Message) -> bool:
    return any(k.lower() == b"content-type" and v.startswith(b"text/html") for k, v in start.get("headers", []))


def _redirects_to_slash(start: Message, path: str) -> bool:
    if start.get("status") not in (301, 302, 307, 308):
        return False
    location = next((v for k, v in start.get("headers", []) if k.lower() == b"location"), b"")
    return urlsplit(location.decode("latin-1")).path == path + "/"


def _headers(start: Message, length: int, extra: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    kept = [(k, v) for k, v in start.get("headers", []) if k.lower() not in _REPLACED_HEADERS]
    return [*kept, (b"content-length", str(length).encode()), (b"cache-control", b"no-cache"), *extra]


def public_pages(app_name: str) -> Callable[[ASGIApp], ASGIApp]:
    """The middleware for ``app_name``'s built frontend."""

    def wrap(app: ASGIApp) -> ASGIApp:
        landing: list[str] = []

        async def built_landing(scope: Scope, receive: Receive) -> str:
            if not landing:
                start, body = await _call(app, {**scope, "path": "/", "raw_path": b"/", "query_string": b""}, receive)
                landing.append(body.decode() if start.get("status") == 200 else "")
            return landing[0]

        async def asgi(scope: Scope, receive: Receive, send: Send) -> None:
            path = scope.get("path", "")
            if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD") or path.startswith(_NOT_PAGES) \
                    or "." in path.rsplit("/", 1)[-1]:  # fmt: skip
                await app(scope, receive, send)
                return
            # The built page uncompressed and as bytes (not a file the server sends itself), to edit it.
            plain = {
                **scope,
                "headers": [(k, v) for k, v in scope["headers"] if k != b"accept-encoding"],
                "extensions": {k: v for k, v in (scope.get("extensions") or {}).items() if k != _PATHSEND},
            }
            start, body = await _call(app, plain, receive)
            if _redirects_to_slash(start, path):
                # A route built as a folder (``/shop`` as ``shop/index.html``): served in place, not redirected,
                # so the address people share and the canonical URL cost no extra round trip.
                plain.update(path=path + "/", raw_path=path.encode() + b"/")
                start, body = await _call(app, plain, receive)
            # What the routers matched (the metrics label a request by it) is in the copy: carry it back.
            scope.update({k: plain[k] for k in ("route", "endpoint", "path_params") if k in plain})
            status = start.get("status", 500)
            if status != 200 or not _is_html(start):
                await send(start)
                await send({"type": "http.response.body", "body": body})
                return
            html, extra = body.decode(), []
            if snapshot.is_private(path):
                html = shell.add_to_head(html, '<meta name="robots" content="noindex"/>')
                extra.append((b"x-robots-tag", b"noindex"))
            else:
                query = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1")))
                built = snapshot.Built(html=html, landing=await built_landing(plain, receive))
                try:
                    page = await run_in_threadpool(snapshot.render_page, app_name, path, query, built)
                except Exception:  # noqa: BLE001 - the built page is still a working page
                    log.exception("seo.snapshot_failed", path=path)
                    page = None
                if page is not None:
                    html = shell.apply(
                        html, page.head.title, heads.render(page.head), page.snapshot, snapshot.STYLE, page.preload,
                        scripts_eager=page.scripts_eager,
                    )  # fmt: skip
                    status = page.status
                    if page.head.noindex:
                        extra.append((b"x-robots-tag", b"noindex"))
            data = html.encode()
            if _accepts_gzip(scope) and len(data) > 1024:
                # The built file's own compressed copy no longer matches, so the edited page is compressed here.
                data = gzip.compress(data, compresslevel=6)
                extra += [(b"content-encoding", b"gzip"), (b"vary", b"Accept-Encoding")]
            await send({**start, "status": status, "headers": _headers(start, len(data), extra)})
            await send({"type": "http.response.body", "body": b"" if scope["method"] == "HEAD" else data})

        return asgi

    return wrap
