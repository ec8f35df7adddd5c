"""Cart tables. A line keeps a frozen copy of a design's configuration and its server-made price."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from allpetplus.core.models import created_at_field, json_field, updated_at_field


class Cart(SQLModel, table=True):
    """A cart: a signed-in user's (one each) or a guest's (found by a random token)."""

    __tablename__ = "cart"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int | None = Field(default=None, foreign_key="user_profile.id", unique=True, ondelete="CASCADE")
    guest_token: str | None = Field(default=None, max_length=64, unique=True)
    discount_code: str | None = Field(default=None, max_length=32)
    created_at: datetime = created_at_field()
    updated_at: datetime = updated_at_field()


class CartLine(SQLModel, table=True):
    """One line: a design (with its type and configuration snapshot) or a product variant."""

    __tablename__ = "cart_line"

    id: int | None = Field(default=None, primary_key=True)
    cart_id: int = Field(foreign_key="cart.id", index=True, ondelete="CASCADE")
    kind: str = Field(default="design", max_length=16)
    design_id: int | None = Field(default=None, foreign_key="saved_design.id", ondelete="SET NULL")
    variant_id: int | None = Field(default=None, foreign_key="product_variant.id", ondelete="CASCADE")
    set_group: str | None = Field(default=None, max_length=32)
    title: str = Field(max_length=120)
    #: For a design: its registered product type (``allpetplus.builder.types``).
    product_type: str = Field(default="harness", max_length=32)
    config: dict[str, Any] = json_field()
    unit_cents: int
    quantity: int = 1
    currency: str = Field(default="USD", max_length=3)
    created_at: datetime = created_at_field()


class DiscountCode(SQLModel, table=True):
    """A code taking a percentage or a fixed amount off, with an expiry, a minimum order and use limits."""

    __tablename__ = "discount_code"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=32, unique=True)
    kind: str = Field(max_length=8)  # "percent" or "fixed"
    value: int  # percent (1-100) or cents
    min_order_cents: int = 0
    expires_at: datetime | None = Field(default=None, sa_type=sa.DateTime(timezone=True))
    once_per_customer: bool = False
    is_active: bool = True
    created_at: datetime = created_at_field()


class DiscountRedemption(SQLModel, table=True):
    """A code used on an order (one row per order), to enforce "once per customer"."""

    __tablename__ = "discount_redemption"
    __table_args__ = (sa.UniqueConstraint("code_id", "order_id"),)

    id: int | None = Field(default=None, primary_key=True)
    code_id: int = Field(foreign_key="discount_code.id", index=True)
    user_id: int | None = Field(default=None, foreign_key="user_profile.id", index=True, ondelete="SET NULL")
    email: str = Field(max_length=254, index=True)
    order_id: int = Field(foreign_key="order_meta.id", ondelete="CASCADE")
    created_at: datetime = created_at_field()


class DiscountClaim(SQLModel, table=True):
    """A once-per-customer code taken by a customer: one row per code and customer key (the account, and the
    e-mail address), unique, so two checkouts racing with the same code and customer cannot both commit."""

    __tablename__ = "discount_claim"
    __table_args__ = (sa.UniqueConstraint("code_id", "customer"),)

    id: int | None = Field(default=None, primary_key=True)
    code_id: int = Field(foreign_key="discount_code.id", index=True)
    customer: str = Field(max_length=260)  # "user:<id>" or "email:<address without +tag>"
    order_id: int = Field(foreign_key="order_meta.id", index=True, ondelete="CASCADE")
    created_at: datetime = created_at_field()
