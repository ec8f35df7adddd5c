"""Order rules. For now: reading a user's orders (the commerce issue adds checkout and fulfilment)."""

from __future__ import annotations

from pydantic import BaseModel
from sqlmodel import Session, col, select

from allpetplus.core.money import format_money
from allpetplus.order.models import OrderMeta
from allpetplus.user.models import UserProfile
from allpetplus.user.permissions import require_user


class OrderSummary(BaseModel):
    """An order in a list."""

    id: int
    reference: str
    status: str
    total: str
    placed_on: str


def list_orders(session: Session, user: UserProfile | None, limit: int | None = None) -> list[OrderSummary]:
    """The user's orders, newest first."""
    user = require_user(user)
    stmt = select(OrderMeta).where(OrderMeta.user_id == user.id).order_by(col(OrderMeta.created_at).desc())
    if limit:
        stmt = stmt.limit(limit)
    return [
        OrderSummary(
            id=o.id,
            reference=o.external_id,
            status=o.status.value.replace("_", " ").title(),
            total=format_money(o.total_cents, o.currency),
            placed_on=o.created_at.date().isoformat(),
        )
        for o in session.exec(stmt)
    ]
