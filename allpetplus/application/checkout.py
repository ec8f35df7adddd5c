"""Checking out and paying: one use-case for everything the customer pays for (a cart's order, a licence
fee). The payment provider is chosen here, once: card (Stripe Checkout) when it is configured, otherwise
"pay on invoice"; a customer who picks one gets it only where it is offered.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlmodel import Session

from allpetplus.builder.config import Palette
from allpetplus.cart.models import Cart
from allpetplus.core.errors import ValidationFailed
from allpetplus.licence import applications
from allpetplus.order import payments
from allpetplus.order import service as orders
from allpetplus.order.models import OrderMeta
from allpetplus.user.models import UserProfile

PROVIDERS = ("invoice", "stripe")


@dataclass(frozen=True)
class CartOrder:
    """The cart's contents, for ``email``, shipped to ``address``."""

    cart: Cart
    email: str
    address: dict[str, Any]
    palette: Palette


@dataclass(frozen=True)
class LicenceFee:
    """The fee of a completed licence application: paying it submits the application."""

    licence_id: int


@dataclass(frozen=True)
class Checkout:
    """The order placed (``None`` when there was nothing to pay) and, for a card payment, the Stripe
    Checkout page to send the customer to (``""`` otherwise: the order waits for its invoice to be paid)."""

    order: OrderMeta | None
    pay_url: str


def card_payments() -> bool:
    """Whether customers may pay by card."""
    return payments.stripe_enabled()


def payment_provider(requested: str = "") -> str:
    """The provider for a new order: the one the customer picked (``requested``) if it is offered, else card
    when card payments are configured, else invoice."""
    if not requested:
        return "stripe" if card_payments() else "invoice"
    if requested not in PROVIDERS:
        raise ValidationFailed.one("provider", "Choose card or invoice.")
    if requested == "stripe" and not card_payments():
        raise ValidationFailed.one("provider", "Card payments are not available; choose invoice.")
    return requested


def checkout_and_pay(
    session: Session,
    user: UserProfile | None,
    purchase: CartOrder | LicenceFee,
    *,
    success_url: str,
    cancel_url: str,
    provider: str = "",
) -> Checkout:
    """Place the order for ``purchase`` with the chosen provider and start its payment. Stripe sends the
    customer back to ``success_url`` once paid (the order is confirmed by its signed webhook, never by
    that visit) or to ``cancel_url``."""
    chosen = payment_provider(provider)
    if isinstance(purchase, LicenceFee):
        order = applications.submit(session, user, purchase.licence_id, provider=chosen)
    else:
        order = orders.checkout(session, purchase.cart, user=user, email=purchase.email, address=purchase.address,
                                palette=purchase.palette, provider=chosen)  # fmt: skip
    if order is None or order.provider != "stripe":
        return Checkout(order=order, pay_url="")
    url = payments.start_stripe_checkout(session, order, success_url=success_url, cancel_url=cancel_url)
    return Checkout(order=order, pay_url=url)


def pay_open_order(session: Session, user: UserProfile | None, order_id: int, *, success_url: str,
                   cancel_url: str) -> str:  # fmt: skip
    """Stripe's page for paying one of the owner's open card orders (``orders.customer_may_pay``)."""
    order = orders.get_order(session, user, order_id)
    if not orders.customer_may_pay(order) or not card_payments():
        raise ValidationFailed.one("order", f"Order {order.external_id} has nothing to pay by card.")
    return payments.start_stripe_checkout(session, order, success_url=success_url, cancel_url=cancel_url)
