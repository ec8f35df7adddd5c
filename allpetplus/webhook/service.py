"""Webhook rules: verify first, store the delivery once (duplicates recognised by event id), process later."""

from __future__ import annotations

import json

import stripe
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from allpetplus.core.errors import ValidationFailed
from allpetplus.core.models import utcnow
from allpetplus.core.settings import settings
from allpetplus.webhook.models import DeliveryStatus, WebhookDelivery

MAX_BODY_BYTES = 512 * 1024


def verify_stripe(body: bytes, signature: str | None) -> dict:
    """The event, if ``Stripe-Signature`` matches the body (with Stripe's timestamp tolerance)."""
    if len(body) > MAX_BODY_BYTES:
        raise ValidationFailed.one("body", "The delivery is too large.")
    if not settings.STRIPE_WEBHOOK_SECRET:
        raise ValidationFailed.one("signature", "Stripe webhooks are not configured.")
    try:
        event = stripe.Webhook.construct_event(body, signature or "", settings.STRIPE_WEBHOOK_SECRET)
    except (ValueError, stripe.SignatureVerificationError) as exc:
        raise ValidationFailed.one("signature", f"Refused: {type(exc).__name__}.") from None
    return event.to_dict() if hasattr(event, "to_dict") else dict(event)


def record(session: Session, *, provider: str, event_id: str, topic: str, body: bytes) -> WebhookDelivery | None:
    """Store a verified delivery; ``None`` when the same event was stored before (a duplicate)."""
    delivery = WebhookDelivery(provider=provider, event_id=event_id, topic=topic, body=body.decode())
    try:
        with session.begin_nested():
            session.add(delivery)
            session.flush()
    except IntegrityError:
        return None
    return delivery


def process(session: Session, delivery_id: int) -> str:
    """Apply a stored delivery once; a delivery already handled is left alone."""
    from allpetplus.order.payments import confirm_stripe_payment

    delivery = session.get(WebhookDelivery, delivery_id, with_for_update=True)
    if delivery is None or delivery.status in (DeliveryStatus.PROCESSED, DeliveryStatus.IGNORED):
        return "already handled"
    delivery.attempts += 1
    event = json.loads(delivery.body)
    if delivery.provider == "stripe" and delivery.topic == "checkout.session.completed":
        outcome = confirm_stripe_payment(session, event["data"]["object"])
    elif delivery.provider == "shopify":
        from allpetplus.webhook.shopify import handle

        outcome = handle(session, delivery.topic, event)
    else:
        outcome = "ignored: topic not handled"
    delivery.status = DeliveryStatus.IGNORED if outcome.startswith("ignored") else DeliveryStatus.PROCESSED
    delivery.outcome = outcome[:300]
    delivery.processed_at = utcnow()
    session.add(delivery)
    session.flush()
    return outcome


def sweep(session: Session, older_than_seconds: int = 300) -> list[int]:
    """Deliveries stored but not processed in time (a worker died mid-job): their ids, to enqueue again."""
    from datetime import timedelta

    from sqlmodel import col, select

    cutoff = utcnow() - timedelta(seconds=older_than_seconds)
    rows = session.exec(
        select(WebhookDelivery.id).where(
            WebhookDelivery.status == DeliveryStatus.RECEIVED, col(WebhookDelivery.received_at) < cutoff
        )
    ).all()
    return list(rows)
