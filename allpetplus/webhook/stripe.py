"""Stripe deliveries: what a signed Stripe event changes on its order.

A completed Checkout Session pays the order (once) or, in setup mode, saves the owner's new card; a failed
payment is noted on its timeline, and a refund made in Stripe's dashboard is recorded on the order (in full or
in part), once.
"""

from __future__ import annotations

from sqlmodel import Session, select

from allpetplus.core.outbox import publish
from allpetplus.order import cards
from allpetplus.order.models import OrderMeta, OrderStatus
from allpetplus.order.refunds import record_stripe_refunds
from allpetplus.order.service import move, note_on_timeline
from allpetplus.subscription import service as boxes
from allpetplus.webhook.errors import NotYet


def confirm_stripe_payment(session: Session, checkout_session: dict) -> str:
    """Apply a completed Checkout Session: the order becomes paid once (or a card is saved); returns what
    happened."""
    if checkout_session.get("mode") == "setup":
        return card_saved(session, checkout_session)
    reference = checkout_session.get("client_reference_id") or (checkout_session.get("metadata") or {}).get("order")
    order = session.exec(
        select(OrderMeta).where(OrderMeta.external_id == str(reference or "")).with_for_update()
    ).first()
    if order is None:
        return f"ignored: no order {reference!r}"
    if checkout_session.get("payment_status") != "paid":
        return "ignored: session not paid"
    if order.status != OrderStatus.AWAITING_PAYMENT:
        return f"no change: order already {order.status.value}"
    order.payment_ref = checkout_session.get("id") or order.payment_ref
    order.payment_intent = checkout_session.get("payment_intent") or order.payment_intent
    move(session, order, OrderStatus.PAID, by="stripe", note="Card payment received.")
    boxes.paid_by_owner(session, order)
    return f"order {order.external_id} paid"


def record_failed_payment(session: Session, intent: dict) -> str:
    """A declined card: the order stays open for another try, and its timeline says why."""
    reference = (intent.get("metadata") or {}).get("order")
    if (intent.get("metadata") or {}).get("off_session") == "renewal":
        return "ignored: a box renewal's charge (its renewal records the failure and tries again)"
    order = session.exec(
        select(OrderMeta).where(OrderMeta.external_id == str(reference or "")).with_for_update()
    ).first()
    if order is None:
        return f"ignored: no order {reference!r}"
    if order.status != OrderStatus.AWAITING_PAYMENT:
        return f"no change: order already {order.status.value}"
    reason = str((intent.get("last_payment_error") or {}).get("message") or "the card was declined")
    note_on_timeline(session, order, by="stripe", note=f"Card payment failed: {reason}")
    publish(session, "payment.failed", {"order_id": order.id, "reference": order.external_id,
                                        "user_id": order.user_id, "total_cents": order.total_cents,
                                        "currency": order.currency})  # fmt: skip
    return f"order {order.external_id}: payment failed"


def apply_refund(session: Session, charge: dict) -> str:
    """A refund reported by Stripe (made here or in its dashboard): what goes beyond the refunds already on the
    order is recorded, so nothing is refunded twice (``order.refunds.record_stripe_refunds``)."""
    intent = charge.get("payment_intent")
    if not intent:
        return "ignored: charge without a payment intent"
    order = session.exec(select(OrderMeta).where(OrderMeta.payment_intent == str(intent)).with_for_update()).first()
    if order is None:
        reference = (charge.get("metadata") or {}).get("order")
        if not reference:
            raise NotYet(f"no order paid with {intent} yet")
        order = session.exec(select(OrderMeta).where(OrderMeta.external_id == str(reference)).with_for_update()).first()
        if order is None:
            return f"ignored: no order {reference!r}"
    if order.status == OrderStatus.AWAITING_PAYMENT:
        raise NotYet(f"the payment of order {order.external_id} is not confirmed yet")
    refunds = (charge.get("refunds") or {}).get("data") or []
    latest = str(refunds[0].get("id") or "") if refunds and isinstance(refunds[0], dict) else ""
    return record_stripe_refunds(session, order, int(charge.get("amount_refunded") or 0), latest)


def card_saved(session: Session, checkout_session: dict) -> str:
    """A card saved through Checkout in setup mode: the owner's cards are refreshed from Stripe."""
    user_id = cards.user_for_customer(session, str(checkout_session.get("customer") or ""))
    if user_id is None:
        return f"ignored: no account for customer {checkout_session.get('customer')!r}"
    saved = cards.refresh_cards(session, user_id)
    return f"account {user_id}: {len(saved)} saved card(s)"
