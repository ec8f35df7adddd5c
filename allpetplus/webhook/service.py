"""Webhook rules: verify first, store the delivery once (duplicates recognised by event id), apply later.

Applying happens in a drain: due deliveries in small batches, one transaction each, the oldest first, so
a worker killed mid-way loses nothing (its rows stay RECEIVED and the next drain takes them).
"""

from __future__ import annotations

from datetime import datetime, timedelta

import stripe
from sqlalchemy import func, or_
from sqlmodel import Session, col, select

from allpetplus.core.db import insert_ignoring_duplicates, session_scope
from allpetplus.core.errors import TooLarge, ValidationFailed
from allpetplus.core.inputs import InvalidJson, parse_json
from allpetplus.core.logging import get_logger
from allpetplus.core.metrics import WEBHOOKS
from allpetplus.core.models import utcnow
from allpetplus.core.rest import MAX_WEBHOOK_BYTES
from allpetplus.core.settings import settings
from allpetplus.webhook import shopify
from allpetplus.webhook import stripe as stripe_events
from allpetplus.webhook.errors import NotYet
from allpetplus.webhook.models import DeliveryStatus, WebhookDelivery

MAX_ATTEMPTS = 8
#: Deliveries applied per transaction (a killed worker's batch is simply applied again).
BATCH = 50
#: Seconds before the next try after the 1st, 2nd, … unsuccessful attempt.
BACKOFF_SECONDS = (1, 2, 5, 15, 60, 300, 1800)
log = get_logger("allpetplus.webhook")


def verify_stripe(body: bytes, signature: str | None) -> dict:
    """The event, if ``Stripe-Signature`` matches the body (with Stripe's timestamp tolerance)."""
    if len(body) > MAX_WEBHOOK_BYTES:
        raise TooLarge.one("body", "The delivery is too large.")
    if not settings.STRIPE_WEBHOOK_SECRET:
        raise ValidationFailed.one("signature", "Stripe webhooks are not configured.")
    try:
        event = stripe.Webhook.construct_event(body, signature or "", settings.STRIPE_WEBHOOK_SECRET)
    except (ValueError, RecursionError, stripe.SignatureVerificationError) as exc:
        raise ValidationFailed.one("signature", f"Refused: {type(exc).__name__}.") from None
    return event.to_dict() if hasattr(event, "to_dict") else dict(event)


def record(session: Session, *, provider: str, event_id: str, topic: str, body: bytes) -> int | None:
    """Store a verified delivery in one statement; its id, or ``None`` when the same event was stored before."""
    statement = insert_ignoring_duplicates(session, WebhookDelivery, ["provider", "event_id"])
    values = {"provider": provider, "event_id": event_id, "topic": topic[:64], "body": body.decode(), "outcome": "",
              "attempts": 0, "status": DeliveryStatus.RECEIVED.value, "received_at": utcnow()}  # fmt: skip
    return session.execute(statement, values).scalar_one_or_none()


def apply(session: Session, delivery: WebhookDelivery, event: dict | None = None) -> str:
    """What one delivery changes (raises ``NotYet`` when it must wait for another delivery); ``event`` is
    its parsed body when the caller has it already."""
    event = parse_json(delivery.body) if event is None else event
    if delivery.provider == "shopify":
        return shopify.handle(session, delivery.topic, event)
    handlers = {
        "checkout.session.completed": stripe_events.confirm_stripe_payment,
        "payment_intent.payment_failed": stripe_events.record_failed_payment,
        "charge.refunded": stripe_events.apply_refund,
    }
    handler = handlers.get(delivery.topic) if delivery.provider == "stripe" else None
    return handler(session, event["data"]["object"]) if handler else "ignored: topic not handled"


def process_due(session: Session, limit: int = BATCH) -> list[int]:
    """Apply up to ``limit`` due deliveries, oldest first, in the caller's transaction; their ids.

    The rows are locked (``SKIP LOCKED``) so two workers never take the same delivery. Each is applied in
    its own savepoint: one that waits for another delivery, or fails, is tried again with backoff and
    marked FAILED after ``MAX_ATTEMPTS`` while the others go through.
    """
    now = utcnow()
    due = session.exec(
        select(WebhookDelivery)
        .where(
            WebhookDelivery.status == DeliveryStatus.RECEIVED,
            or_(col(WebhookDelivery.retry_at).is_(None), col(WebhookDelivery.retry_at) <= now),
        )
        .order_by(col(WebhookDelivery.id))
        .limit(limit)
        .with_for_update(skip_locked=True)
    ).all()
    # Same order → arrival order; different orders → one global order (by key), so two workers whose
    # batches touch the same orders take the row locks in the same order and never deadlock.
    events = {delivery.id: _parsed(delivery) for delivery in due}
    for delivery in sorted(due, key=lambda d: (_order_key(d, events[d.id]), d.id)):
        try:
            with session.begin_nested():
                outcome = apply(session, delivery, events[delivery.id])
        except NotYet as exc:
            _later(delivery, f"waiting: {exc}")
        except Exception as exc:  # noqa: BLE001 - recorded on the row and retried; never lost
            log.warning("webhook delivery failed", delivery_id=delivery.id, error=type(exc).__name__)
            _later(delivery, f"error: {type(exc).__name__}: {exc}")
        else:
            delivery.attempts += 1  # counted after the savepoint, so the row is written once per attempt
            delivery.status = DeliveryStatus.IGNORED if outcome.startswith("ignored") else DeliveryStatus.PROCESSED
            delivery.outcome, delivery.processed_at, delivery.retry_at = outcome[:300], utcnow(), None
        session.add(delivery)
        outcome_label = delivery.status.value.lower() if delivery.status != DeliveryStatus.RECEIVED else "retry"
        WEBHOOKS.labels(delivery.provider, outcome_label).inc()
    session.flush()
    return [delivery.id for delivery in due]


def _parsed(delivery: WebhookDelivery) -> dict | None:
    """The delivery's body as JSON (``None`` when it is not: ``apply`` then fails it with the reason)."""
    try:
        event = parse_json(delivery.body)
    except InvalidJson:
        return None
    return event if isinstance(event, dict) else None


def _order_key(delivery: WebhookDelivery, event: dict | None) -> str:
    """Which order a delivery is about, as far as its body says ('' when unknown)."""
    if event is None:
        return ""
    if delivery.provider == "shopify":
        if delivery.topic == "inventory_levels/update":
            return f"shopify-stock:{event.get('inventory_item_id')}"
        if delivery.topic.startswith("products/"):
            return f"shopify-product:{event.get('id')}"
        return f"shopify:{event.get('order_id') or event.get('id')}"
    obj = (event.get("data") or {}).get("object") or {}
    return str(
        obj.get("client_reference_id") or (obj.get("metadata") or {}).get("order") or obj.get("payment_intent") or ""
    )


def _later(delivery: WebhookDelivery, outcome: str) -> None:
    delivery.attempts += 1
    delivery.outcome = outcome[:300]
    if delivery.attempts >= MAX_ATTEMPTS:
        delivery.status, delivery.retry_at = DeliveryStatus.FAILED, None
    else:
        delay = BACKOFF_SECONDS[min(delivery.attempts, len(BACKOFF_SECONDS)) - 1]
        delivery.retry_at = utcnow() + timedelta(seconds=delay)


def drain() -> int:
    """Apply due deliveries, a batch per transaction, until none is due; returns how many were handled."""
    handled = 0
    while True:
        with session_scope() as session:
            done = len(process_due(session))
        handled += done
        if done == 0:
            return handled


def next_retry(session: Session) -> datetime | None:
    """When the earliest waiting delivery is due again (``None`` if none waits)."""
    return session.exec(
        select(func.min(WebhookDelivery.retry_at)).where(WebhookDelivery.status == DeliveryStatus.RECEIVED)
    ).first()


def sweep(session: Session, older_than_seconds: int = 300) -> int:
    """How many deliveries were stored but are still not handled after ``older_than_seconds`` and are due
    (a worker died mid-job, or Redis lost the queued run): the sweeper then requests a drain."""
    cutoff = utcnow() - timedelta(seconds=older_than_seconds)
    return session.exec(
        select(func.count())
        .select_from(WebhookDelivery)
        .where(
            WebhookDelivery.status == DeliveryStatus.RECEIVED,
            col(WebhookDelivery.received_at) <= cutoff,
            or_(col(WebhookDelivery.retry_at).is_(None), col(WebhookDelivery.retry_at) <= utcnow()),
        )
    ).one()
