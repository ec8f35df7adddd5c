"""Payments: Stripe Checkout when its keys are set, otherwise "pay on invoice".

This is the Stripe adapter: it starts a Checkout Session for an order (or for saving a card), refunds,
and charges a saved card off-session. An order paid through Checkout is confirmed only by Stripe's signed
``checkout.session.completed`` webhook (``webhook.stripe``), never by the browser coming back from Stripe.
Every POST carries an idempotency key, and every amount is integer cents with its currency.
"""

from __future__ import annotations

import dataclasses
import secrets

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
        raise ValidationFailed.one("amount", f"Stripe refused the refund: {_failure(exc)}") from exc
    except stripe.StripeError as exc:
        raise ValidationFailed.one(
            "amount", "Stripe could not be reached, so nothing was refunded; try again."
        ) from exc
    return refund.id


def _failure(exc: stripe.StripeError) -> str:
    return (exc.user_message or (getattr(exc, "error", None) and exc.error.message) or str(exc)).strip()


def create_customer(email: str, user_id: int) -> str:
    """A Stripe Customer for an account (one per account: the key is the account's); returns its id."""
    customer = _client().v1.customers.create(
        params={"email": email, "metadata": {"user_id": str(user_id)}},
        options={"idempotency_key": f"customer:{user_id}"},
    )
    return customer.id


def start_card_setup(customer_id: str, *, success_url: str, cancel_url: str) -> str:
    """A Checkout Session in setup mode, where the owner saves a card for later payments; returns its URL."""
    checkout = _client().v1.checkout.sessions.create(
        params={"mode": "setup", "customer": customer_id, "payment_method_types": ["card"],
                "success_url": success_url, "cancel_url": cancel_url},
        options={"idempotency_key": f"card-setup:{customer_id}:{secrets.token_hex(8)}"},
    )  # fmt: skip
    return checkout.url


@dataclasses.dataclass(frozen=True)
class StripeCard:
    """A card saved at Stripe, as its payment method describes it."""

    payment_method_id: str
    brand: str
    last4: str
    exp_month: int
    exp_year: int


def customer_cards(customer_id: str) -> list[StripeCard]:
    """The cards saved on a Stripe Customer, newest first."""
    listed = _client().v1.payment_methods.list(params={"customer": customer_id, "type": "card", "limit": 100})
    return [
        StripeCard(pm.id, str(pm.card.brand), str(pm.card.last4), int(pm.card.exp_month), int(pm.card.exp_year))
        for pm in listed.data
    ]


def detach_card(payment_method_id: str) -> None:
    """Remove a saved card from its Stripe Customer (it cannot be charged again)."""
    try:
        _client().v1.payment_methods.detach(
            payment_method_id, options={"idempotency_key": f"detach:{payment_method_id}"}
        )
    except stripe.InvalidRequestError as exc:
        if exc.code != "resource_missing":  # already gone at Stripe: nothing left to remove there
            raise ValidationFailed.one("card", f"Stripe refused to remove the card: {_failure(exc)}") from exc
    except stripe.StripeError as exc:
        raise ValidationFailed.one(
            "card", "Stripe could not be reached, so the card is still saved; try again."
        ) from exc


@dataclasses.dataclass(frozen=True)
class Charge:
    """What an off-session charge came to: ``paid``, ``action_needed`` (the bank wants the owner to confirm),
    ``declined``, or ``unreachable`` (Stripe did not answer: try again with the same key)."""

    outcome: str
    payment_intent: str = ""
    message: str = ""


def charge_saved_card(*, customer_id: str, payment_method_id: str, amount_cents: int, currency: str,
                      order_reference: str, idempotency_key: str) -> Charge:  # fmt: skip
    """Charge a saved card with nobody at the keyboard (``off_session``), once per ``idempotency_key``."""
    try:
        intent = _client().v1.payment_intents.create(
            params={"amount": amount_cents, "currency": currency.lower(), "customer": customer_id,
                    "payment_method": payment_method_id, "off_session": True, "confirm": True,
                    "metadata": {"order": order_reference, "off_session": "renewal"}},
            options={"idempotency_key": idempotency_key},
        )  # fmt: skip
    except stripe.CardError as exc:
        error = getattr(exc, "error", None)
        intent_id = str(getattr(getattr(error, "payment_intent", None), "id", "") or "")
        outcome = "action_needed" if exc.code == "authentication_required" else "declined"
        return Charge(outcome, intent_id, _failure(exc))
    except stripe.InvalidRequestError as exc:
        return Charge("declined", "", _failure(exc))
    except stripe.StripeError as exc:
        return Charge("unreachable", "", _failure(exc))
    if intent.status == "succeeded":
        return Charge("paid", intent.id)
    if intent.status == "requires_action":
        return Charge("action_needed", intent.id, "Your bank asks you to confirm this payment.")
    return Charge("declined", intent.id, f"The payment is {intent.status}.")
