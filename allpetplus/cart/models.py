"""Cart tables. A line keeps a frozen copy of a design's configuration and its server-made price."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Field, SQLModel

from allpetplus.core.models import created_at_field, json_field, updated_at_field


class Cart(SQLModel, table=True):
    """A signed-in user's cart (guest carts arrive with the products app)."""

    __tablename__ = "cart"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user_profile.id", unique=True, ondelete="CASCADE")
    created_at: datetime = created_at_field()
    updated_at: datetime = updated_at_field()


class CartLine(SQLModel, table=True):
    """One line: a custom harness design (with its configuration snapshot) or, later, a product variant."""

    __tablename__ = "cart_line"

    id: int | None = Field(default=None, primary_key=True)
    cart_id: int = Field(foreign_key="cart.id", index=True, ondelete="CASCADE")
    kind: str = Field(default="design", max_length=16)
    design_id: int | None = Field(default=None, foreign_key="saved_design.id", ondelete="SET NULL")
    title: str = Field(max_length=120)
    config: dict[str, Any] = json_field()
    unit_cents: int
    quantity: int = 1
    currency: str = Field(default="USD", max_length=3)
    created_at: datetime = created_at_field()
