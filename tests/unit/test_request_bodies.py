"""Request bodies are refused at their limit, never read whole first: by the declared length before a byte
is read, and, for a streamed body, as soon as the bytes received pass the limit.

The ASGI calls are made by hand so the test can count how many bytes the app pulled from the client.
"""

import json
from collections.abc import Iterator

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from allpetplus.core import media, rest
from allpetplus.core.http import body_limit, limit_request_bodies, request_context
from allpetplus.webhook.routes import routes as webhook_routes
from tests.support.aio import run

CHUNK = 64 * 1024
MB = 1024 * 1024


def chunks(total: int) -> Iterator[bytes]:
    """``total`` bytes in 64 KB pieces, made as they are pulled (an 80 MB body never sits in the test's memory)."""
    for start in range(0, total, CHUNK):
        yield b"x" * min(CHUNK, total - start)


def post(app, path: str, body: Iterator[bytes], headers: dict[str, str] | None = None) -> tuple[int, dict, int]:
    """POST ``body`` to the ASGI ``app``; the status, the JSON answer and how many body bytes the app pulled."""
    pulled = 0
    sent: list[dict] = []

    async def receive() -> dict:
        nonlocal pulled
        piece = next(body, None)
        if piece is None:
            return {"type": "http.request", "body": b"", "more_body": False}
        pulled += len(piece)
        return {"type": "http.request", "body": piece, "more_body": True}

    async def send(message: dict) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": b"",
        "headers": [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()],
        "client": ("203.0.113.9", 40000),
        "server": ("testserver", 80),
    }
    run(app(scope, receive, send))
    status = next(m["status"] for m in sent if m["type"] == "http.response.start")
    content = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return status, json.loads(content or b"{}"), pulled


async def read_everything(request: Request) -> JSONResponse:
    """What Reflex's upload endpoint does first: take the whole body (there, to parse the multipart form)."""
    return JSONResponse({"bytes": len(await request.body())})


def guarded(*routes) -> Starlette:
    return limit_request_bodies(Starlette(routes=list(routes)))


def test_every_path_has_a_limit_except_the_websocket():
    assert body_limit("/webhooks/stripe") == rest.MAX_WEBHOOK_BYTES == 512 * 1024
    assert body_limit("/api/builder/quote") == rest.MAX_JSON_BYTES == 64 * 1024
    assert body_limit("/_upload") == media.MAX_UPLOAD_REQUEST_BYTES
    assert media.MAX_DOCUMENT_BYTES < media.MAX_UPLOAD_REQUEST_BYTES < media.MAX_DOCUMENT_BYTES + MB
    assert body_limit("/anything/else") == rest.MAX_JSON_BYTES
    assert body_limit("/_event/") is None  # socket.io caps its own messages


def test_an_80_mb_webhook_is_refused_by_its_declared_length_before_a_byte_is_read():
    status, answer, pulled = post(
        guarded(*webhook_routes), "/webhooks/shopify", chunks(80 * MB), {"Content-Length": str(80 * MB)}
    )
    assert status == 413 and "512 KB" in answer["detail"]
    assert pulled == 0


def test_a_streamed_80_mb_webhook_is_cut_off_at_the_limit():
    status, answer, pulled = post(guarded(*webhook_routes), "/webhooks/stripe", chunks(80 * MB))
    assert status == 413 and "512 KB" in answer["detail"]
    assert pulled <= rest.MAX_WEBHOOK_BYTES + CHUNK


def test_the_webhook_routes_stop_reading_at_the_limit_on_their_own():
    for path in ("/webhooks/shopify", "/webhooks/stripe"):
        status, answer, pulled = post(Starlette(routes=webhook_routes), path, chunks(80 * MB))
        assert status == 413 and "too large" in answer["detail"]
        assert pulled <= rest.MAX_WEBHOOK_BYTES + CHUNK


def test_a_60_mb_upload_is_refused_before_the_app_reads_it():
    app = guarded(Route("/_upload", read_everything, methods=["POST"]))
    declared = post(app, "/_upload", chunks(60 * MB), {"Content-Length": str(60 * MB)})
    assert declared[:1] == (413,) and declared[2] == 0
    status, answer, pulled = post(app, "/_upload", chunks(60 * MB))
    assert status == 413 and "10.1 MB" in answer["detail"]
    assert pulled <= media.MAX_UPLOAD_REQUEST_BYTES + CHUNK


def test_bodies_within_the_limit_reach_the_app_whole():
    app = guarded(Route("/_upload", read_everything, methods=["POST"]))
    assert post(app, "/_upload", chunks(6 * MB))[:2] == (200, {"bytes": 6 * MB})


def test_a_rest_json_body_is_cut_off_at_64_kb():
    app = request_context("allpetplus")(guarded(Route("/api/echo", read_everything, methods=["POST"])))
    status, answer, pulled = post(app, "/api/echo", chunks(MB))
    assert status == 413 and "64 KB" in answer["detail"]
    assert pulled <= rest.MAX_JSON_BYTES + CHUNK
