"""Order metadata: status, totals, shipping data and the timeline of every change."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

import sqlalchemy as sa
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
    PARTIALLY_REFUNDED = "PARTIALLY_REFUNDED"
    REFUNDED = "REFUNDED"


class OrderMeta(SQLModel, table=True):
    """One order, keyed by the id the payment or shop provider gave it."""

    __tablename__ = "order_meta"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int | None = Field(default=None, foreign_key="user_profile.id", index=True, ondelete="SET NULL")
    design_id: int | None = Field(default=None, foreign_key="saved_design.id", ondelete="SET NULL")
    provider: str = Field(default="invoice", max_length=16)
    external_id: str = Field(max_length=128, unique=True)
    #: What the customer calls an order placed elsewhere (Shopify's order name, ``#1001``).
    source_name: str | None = Field(default=None, max_length=32)
    #: The fulfilment created in Shopify when staff shipped a Shopify order here (it is created once).
    shopify_fulfillment_id: str | None = Field(default=None, max_length=64)
    #: The Shopify customer who placed it (``gid://shopify/Customer/…``): what links it to an account here.
    shopify_customer_id: str | None = Field(default=None, max_length=64, index=True)
    payment_ref: str | None = Field(default=None, max_length=255, index=True)
    payment_intent: str | None = Field(default=None, max_length=255, index=True)
    source_updated_at: datetime | None = Field(default=None, sa_type=sa.DateTime(timezone=True))
    status: OrderStatus = enum_field(OrderStatus, OrderStatus.PLACED)
    email: str = Field(default="", max_length=254)
    subtotal_cents: int = 0
    discount_cents: int = 0
    shipping_cents: int = 0
    tax_cents: int = 0
    total_cents: int = 0
    #: Given back so far (``OrderRefund`` rows, however they were made); at most ``total_cents``.
    refunded_cents: int = 0
    #: An unpaid order is not released before this (a box renewal whose card payment is still being retried).
    hold_until: datetime | None = Field(default=None, sa_type=sa.DateTime(timezone=True))
    currency: str = Field(default="USD", max_length=3)
    discount_code: str | None = Field(default=None, max_length=32)
    carrier: str | None = Field(default=None, max_length=32)
    tracking_number: str | None = Field(default=None, max_length=64)
    shipping: dict[str, Any] = json_field()
    timeline: list[dict[str, Any]] = json_field(list)
    created_at: datetime = created_at_field()
    updated_at: datetime = updated_at_field()

    @property
    def reference(self) -> str:
        """The order's reference as its customer knows it (Shopify's ``#1001`` for a Shopify order)."""
        return self.source_name or self.external_id


class OrderLine(SQLModel, table=True):
    """One bought line, frozen as bought: title, SKU, price, and for a design its configuration,
    price breakdown and preview (later edits to the design change nothing here)."""

    __tablename__ = "order_line"

    id: int | None = Field(default=None, primary_key=True)
    order_id: int = Field(foreign_key="order_meta.id", index=True, ondelete="CASCADE")
    kind: str = Field(max_length=16)
    variant_id: int | None = Field(default=None, foreign_key="product_variant.id", ondelete="SET NULL")
    design_id: int | None = Field(default=None, foreign_key="saved_design.id", ondelete="SET NULL")
    title: str = Field(max_length=120)
    sku: str = Field(default="", max_length=48)
    #: For a design: its registered product type (``allpetplus.builder.types``).
    product_type: str = Field(default="harness", max_length=32)
    config: dict[str, Any] = json_field()
    breakdown: list[dict[str, Any]] = json_field(list)
    preview_url: str | None = Field(default=None, max_length=500)
    unit_cents: int
    quantity: int


class OrderRefund(SQLModel, table=True):
    """Money given back for an order: by card through Stripe, or as a credit on an invoice order."""

    __tablename__ = "order_refund"

    id: int | None = Field(default=None, primary_key=True)
    order_id: int = Field(foreign_key="order_meta.id", index=True, ondelete="CASCADE")
    amount_cents: int
    currency: str = Field(max_length=3)
    method: str = Field(max_length=16)  # "card" (Stripe) or "credit" (an invoice order)
    reason: str = Field(default="", max_length=300)
    #: The refunded lines, ``[{"line_id": 3, "quantity": 1}]``; empty for a refund of an amount.
    lines: list[dict[str, Any]] = json_field(list)
    restocked: bool = False
    stripe_refund_id: str | None = Field(default=None, max_length=255, unique=True)
    by: str = Field(default="", max_length=300)
    created_at: datetime = created_at_field()


class PaymentCustomer(SQLModel, table=True):
    """The Stripe Customer that holds an account's saved cards (created the first time a card is saved)."""

    __tablename__ = "payment_customer"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user_profile.id", unique=True, ondelete="CASCADE")
    stripe_customer_id: str = Field(max_length=255, unique=True)
    created_at: datetime = created_at_field()


class SavedCard(SQLModel, table=True):
    """A card saved at Stripe for later payments (its Stripe payment method); one per account is the default,
    the card subscription boxes are charged to."""

    __tablename__ = "saved_card"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user_profile.id", index=True, ondelete="CASCADE")
    payment_method_id: str = Field(max_length=255, unique=True)
    brand: str = Field(default="card", max_length=24)
    last4: str = Field(default="", max_length=4)
    exp_month: int = 0
    exp_year: int = 0
    is_default: bool = False
    created_at: datetime = created_at_field()
