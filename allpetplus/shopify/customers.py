"""Whose a Shopify order is: the account linked to its Shopify customer, or else the account whose verified
address it was placed with (which links that customer to it from then on).

An unverified address never claims an order: anyone can sign up with someone else's address, and would then
see that person's orders.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, or_
from sqlmodel import Session, col, select

from allpetplus.order.models import OrderMeta
from allpetplus.shopify.catalog import gid
from allpetplus.user.models import UserProfile
from allpetplus.user.service import find_by_email


def customer_gid(payload: dict[str, Any]) -> str | None:
    """The Shopify customer of an order webhook body (``{"customer": {"id": 42}}``), as a global id."""
    customer = payload.get("customer")
    number = customer.get("id") if isinstance(customer, dict) else None
    return gid("Customer", number) if isinstance(number, int | str) and str(number).isdigit() else None


def owner_of(session: Session, *, email: str, customer_id: str | None) -> UserProfile | None:
    """The account a Shopify order placed by ``customer_id`` with ``email`` belongs to, or ``None``."""
    if customer_id:
        linked = session.exec(select(UserProfile).where(UserProfile.shopify_customer_id == customer_id)).first()
        if linked is not None:
            return linked
    user = find_by_email(session, email) if email else None
    if user is None or user.email_verified_at is None:
        return None
    if customer_id and user.shopify_customer_id is None:
        user.shopify_customer_id = customer_id
        session.add(user)
    return user


def claim_orders(session: Session, user: UserProfile) -> int:
    """Link to ``user`` the Shopify orders nobody owns yet that were placed with their verified address or by
    their Shopify customer; returns how many. Their Shopify customer is linked to them too, when it is free."""
    if user.email_verified_at is None:
        return 0
    placed_by = func.lower(col(OrderMeta.email)) == user.email
    if user.shopify_customer_id:
        placed_by = or_(placed_by, col(OrderMeta.shopify_customer_id) == user.shopify_customer_id)
    orders = session.exec(
        select(OrderMeta)
        .where(OrderMeta.provider == "shopify", col(OrderMeta.user_id).is_(None), placed_by)
        .with_for_update()
    ).all()
    for order in orders:
        order.user_id = user.id
        session.add(order)
        if user.shopify_customer_id is None and order.shopify_customer_id and not _customer_taken(session, order):
            user.shopify_customer_id = order.shopify_customer_id
            session.add(user)
    session.flush()
    return len(orders)


def _customer_taken(session: Session, order: OrderMeta) -> bool:
    return (
        session.exec(select(UserProfile.id).where(UserProfile.shopify_customer_id == order.shopify_customer_id)).first()
        is not None
    )
