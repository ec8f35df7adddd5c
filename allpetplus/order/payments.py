"""Payments: Stripe Checkout when its keys are set, otherwise "pay on invoice".

This is the Stripe adapter: it starts a Checkout Session for an order. An order paid by card is
confirmed only by Stripe's signed ``checkout.session.completed`` webhook (``webhook.stripe``), never
by the browser coming back from Stripe.
"""

from __future__ import annotations

import stripe
from sqlmodel import Session, select

from allpetplus.core.errors import ValidationFailed
from allpetplus.core.settings import settings
from allpetplus.order.models import OrderLine, OrderMeta


def stripe_enabled() -> bool:
    """True when Stripe's secret key is configured."""
    return bool(settings.STRIPE_SECRET_KEY)


def _client() -> stripe.StripeClient:
    return stripe.StripeClient(settings.STRIPE_SECRET_KEY, base_addresses={"api": settings.STRIPE_API_BASE})


def start_stripe_checkout(session: Session, order: OrderMeta, *, success_url: str, cancel_url: str) -> str:
    """Create a Stripe Checkout Session for the order's frozen lines and totals; returns Stripe's URL."""
    currency = order.currency.lower()

    def item(name: str, cents: int, quantity: int = 1) -> dict:
        return {"price_data": {"currency": currency, "unit_amount": cents, "product_data": {"name": name}},
                "quantity": quantity}  # fmt: skip

    if order.discount_cents:
        # Stripe shows one line for the whole order, so the total charged is exactly the order's total.
        items = [item(f"All Pet Plus order {order.external_id}", order.total_cents)]
    else:
        lines = session.exec(select(OrderLine).where(OrderLine.order_id == order.id)).all()
        items = [item(line.title, line.unit_cents, line.quantity) for line in lines]
        items += [
            item(label, cents)
            for label, cents in (("Shipping", order.shipping_cents), ("Tax", order.tax_cents))
            if cents
        ]
    params = {
        "mode": "payment",
        "line_items": items,
        "client_reference_id": order.external_id,
        "customer_email": order.email,
        "metadata": {"order": order.external_id},
        "payment_intent_data": {"metadata": {"order": order.external_id}},
        "success_url": success_url,
        "cancel_url": cancel_url,
    }
    # One Checkout Session per order: a retried request gets the same session back.
    checkout = _client().v1.checkout.sessions.create(
        params=params, options={"idempotency_key": f"checkout:{order.external_id}"}
    )
    order.payment_ref = checkout.id
    session.add(order)
    session.flush()
    return checkout.url


def refund_card_payment(payment_intent: str, amount_cents: int, currency: str, *, idempotency_key: str,
                        metadata: dict[str, str]) -> str:  # fmt: skip
    """Refund ``amount_cents`` of a card payment through Stripe; returns Stripe's refund id.

    The idempotency key names this one refund: a request sent again (a retry, a transaction that failed after
    Stripe answered) gets the same refund back instead of a second one.
    """
    try:
        refund = _client().v1.refunds.create(
            params={"payment_intent": payment_intent, "amount": amount_cents, "currency": currency.lower(),
                    "metadata": metadata},
            options={"idempotency_key": idempotency_key},
        )  # fmt: skip
    except stripe.InvalidRequestError as exc:
        message = (exc.user_message or getattr(exc, "error", None) and exc.error.message) or str(exc)
        raise ValidationFailed.one("amount", f"Stripe refused the refund: {message}") from exc
    except stripe.StripeError as exc:
        raise ValidationFailed.one(
            "amount", "Stripe could not be reached, so nothing was refunded; try again."
        ) from exc
    return refund.id
