"""An order's payment in words, for staff: how it was paid, or what is still owed and by when."""

from __future__ import annotations

from datetime import datetime

from allpetplus.cart.pricing import payment_window
from allpetplus.core.money import format_money
from allpetplus.core.words import day
from allpetplus.order.models import OrderMeta, OrderStatus

S = OrderStatus
#: Statuses an order reaches only once its money is in.
PAID_STATUSES = frozenset({S.PAID, S.IN_PRODUCTION, S.SHIPPED, S.DELIVERED})
#: How each provider's payment reads once it is in.
_PAID_BY = {"stripe": "Paid by card", "invoice": "Invoice paid", "shopify": "Paid in Shopify"}
_AWAITING = {"stripe": "Awaiting card payment", "shopify": "Awaiting payment in Shopify"}


def payment_due(order: OrderMeta) -> datetime:
    """When an unpaid order's payment window closes (after that it is released unpaid)."""
    provider = order.provider if order.provider in ("invoice", "stripe") else "invoice"
    return order.created_at + payment_window(provider)


def was_paid(order: OrderMeta) -> bool:
    """Whether the order's money ever came in (its timeline went through a paid status)."""
    return order.status in PAID_STATUSES or any(e.get("status") == S.PAID.value for e in order.timeline or [])


def payment_state(order: OrderMeta) -> str:
    """``Paid by card``, ``Invoice awaiting payment, due 8 Dec 2026``, ``Invoice paid``, ``Refunded``, …"""
    if order.status == S.REFUNDED:
        return "Refunded"
    if order.refunded_cents:
        return (
            f"{_PAID_BY.get(order.provider, 'Paid')}, {format_money(order.refunded_cents, order.currency)} of "
            f"{format_money(order.total_cents, order.currency)} refunded"
        )
    if order.status in PAID_STATUSES:
        return _PAID_BY.get(order.provider, "Paid")
    if order.status == S.CANCELLED:
        return "Cancelled after payment" if was_paid(order) else "Cancelled before payment"
    if order.provider == "invoice":
        return f"Invoice awaiting payment, due {day(payment_due(order))}"
    return _AWAITING.get(order.provider, "Awaiting payment")
