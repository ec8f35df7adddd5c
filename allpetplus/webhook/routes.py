"""Webhook routes: verify, store durably, answer 200 at once, process on the queue."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from allpetplus.core.db import session_scope
from allpetplus.core.errors import ValidationFailed
from allpetplus.core.queue import enqueue
from allpetplus.webhook import service


async def stripe_webhook(request: Request) -> JSONResponse:
    """``POST /webhooks/stripe``."""
    body = await request.body()
    try:
        event = service.verify_stripe(body, request.headers.get("stripe-signature"))
    except ValidationFailed as exc:
        status = 413 if "body" in exc.errors else 400
        return JSONResponse({"detail": next(iter(exc.errors.values()))}, status_code=status)
    with session_scope() as session:
        delivery = service.record(
            session, provider="stripe", event_id=str(event.get("id", "")), topic=str(event.get("type", "")), body=body
        )
        delivery_id = delivery.id if delivery else None
    if delivery_id is None:
        return JSONResponse({"received": True, "duplicate": True})
    from allpetplus.jobs.webhooks import process_delivery_job

    enqueue(process_delivery_job, delivery_id)
    return JSONResponse({"received": True})


routes = [Route("/webhooks/stripe", stripe_webhook, methods=["POST"])]
