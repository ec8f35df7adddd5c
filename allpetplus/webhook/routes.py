"""Webhook routes: verify, store durably, answer 200 at once, process on the queue."""

from __future__ import annotations

from redis.exceptions import RedisError
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from allpetplus.core.db import session_scope
from allpetplus.core.errors import TooLarge, ValidationFailed
from allpetplus.core.inputs import InvalidJson, parse_json
from allpetplus.core.logging import get_logger
from allpetplus.core.metrics import WEBHOOKS
from allpetplus.core.rest import MAX_WEBHOOK_BYTES, read_body
from allpetplus.webhook import service, shopify
from allpetplus.webhook.drain import request_drain

log = get_logger("allpetplus.webhook")


async def stripe_webhook(request: Request) -> JSONResponse:
    """``POST /webhooks/stripe``."""
    try:
        body = await read_body(request, MAX_WEBHOOK_BYTES)
        event = service.verify_stripe(body, request.headers.get("stripe-signature"))
    except ValidationFailed as exc:
        status = 413 if isinstance(exc, TooLarge) else 400
        WEBHOOKS.labels("stripe", "refused").inc()
        return JSONResponse({"detail": next(iter(exc.errors.values()))}, status_code=status)
    return await _store_and_enqueue("stripe", str(event.get("id", "")), str(event.get("type", "")), body)


async def shopify_webhook(request: Request) -> JSONResponse:
    """``POST /webhooks/shopify``."""
    try:
        body = await read_body(request, MAX_WEBHOOK_BYTES)
    except TooLarge as exc:
        return JSONResponse({"detail": next(iter(exc.errors.values()))}, status_code=413)
    headers = request.headers
    try:
        shopify.verify(body, headers.get("x-shopify-hmac-sha256"), headers.get("x-shopify-shop-domain"))
        parse_json(body)
    except ValidationFailed as exc:
        return JSONResponse({"detail": next(iter(exc.errors.values()))}, status_code=401)
    except InvalidJson as exc:
        return JSONResponse({"detail": f"The body {exc}."}, status_code=400)
    event_id = headers.get("x-shopify-webhook-id", "")
    if not event_id:
        return JSONResponse({"detail": "X-Shopify-Webhook-Id is missing."}, status_code=400)
    return await _store_and_enqueue("shopify", event_id, headers.get("x-shopify-topic", ""), body)


async def _store_and_enqueue(provider: str, event_id: str, topic: str, body: bytes) -> JSONResponse:
    stored = await run_in_threadpool(_store, provider, event_id, topic, body)
    WEBHOOKS.labels(provider, "accepted" if stored else "duplicate").inc()
    if not stored:
        return JSONResponse({"received": True, "duplicate": True})
    try:
        request_drain()
    except RedisError as exc:
        # The delivery is stored; the sweeper requests the drain once Redis is back.
        log.warning("webhook drain not requested", error=str(exc))
    return JSONResponse({"received": True})


def _store(provider: str, event_id: str, topic: str, body: bytes) -> bool:
    with session_scope() as session:
        return service.record(session, provider=provider, event_id=event_id, topic=topic, body=body) is not None


routes = [
    Route("/webhooks/stripe", stripe_webhook, methods=["POST"]),
    Route("/webhooks/shopify", shopify_webhook, methods=["POST"]),
]
