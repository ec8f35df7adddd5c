"""Order metadata: status, totals, shipping data and the timeline of every change."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlmodel import Field, SQLModel

from allpetplus.core.models import created_at_field, enum_field, json_field, updated_at_field


class OrderStatus(enum.StrEnum):
    """The order's place in fulfilment."""

    PLACED = "PLACED"
    AWAITING_PAYMENT = "AWAITING_PAYMENT"
    PAID = "PAID"
    IN_PRODUCTION = "IN_PRODUCTION"
    SHIPPED = "SHIPPED"
    DELIVERED = "DELIVERED"
    CANCELLED = "CANCELLED"
    REFUNDED = "REFUNDED"


class OrderMeta(SQLModel, table=True):
    """One order, keyed by the id the payment or shop provider gave it."""

    __tablename__ = "order_meta"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int | None = Field(default=None, foreign_key="user_profile.id", index=True, ondelete="SET NULL")
    design_id: int | None = Field(default=None, foreign_key="saved_design.id", ondelete="SET NULL")
    provider: str = Field(default="invoice", max_length=16)
    external_id: str = Field(max_length=128, unique=True)
    status: OrderStatus = enum_field(OrderStatus, OrderStatus.PLACED)
    total_cents: int = 0
    currency: str = Field(default="USD", max_length=3)
    shipping: dict[str, Any] = json_field()
    timeline: list[dict[str, Any]] = json_field(list)
    created_at: datetime = created_at_field()
    updated_at: datetime = updated_at_field()
