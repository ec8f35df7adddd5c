"""Subscription plans, subscriptions and the renewals already made (each date exactly once)."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from allpetplus.core.models import created_at_field, enum_field, json_field


class SubscriptionPlan(SQLModel, table=True):
    """A box the shop offers (contents are chosen by size for the pet)."""

    __tablename__ = "subscription_plan"

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(max_length=48, unique=True)
    name: str = Field(max_length=80)
    description: str = Field(default="", max_length=300)
    species: str = Field(default="dog", max_length=16)
    price_cents: int
    currency: str = Field(default="USD", max_length=3)
    is_active: bool = True


class SubscriptionStatus(enum.StrEnum):
    """Whether boxes are being sent."""

    ACTIVE = "ACTIVE"
    PAUSED = "PAUSED"
    CANCELLED = "CANCELLED"


class Subscription(SQLModel, table=True):
    """A pet's box: how often, when next, what extra goes in the next one."""

    __tablename__ = "subscription"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user_profile.id", index=True, ondelete="CASCADE")
    pet_id: int | None = Field(default=None, foreign_key="pet_profile.id", index=True, ondelete="SET NULL")
    plan_id: int = Field(foreign_key="subscription_plan.id")
    size: str = Field(default="M", max_length=4)
    frequency_months: int = 1
    next_shipment: date
    status: SubscriptionStatus = enum_field(SubscriptionStatus, SubscriptionStatus.ACTIVE)
    paused_reason: str = Field(default="", max_length=200)
    skip_next: bool = False
    reminded_for: date | None = None
    extras: list[dict[str, Any]] = json_field(list)
    address: dict[str, Any] = json_field()
    created_at: datetime = created_at_field()


class SubscriptionRenewal(SQLModel, table=True):
    """A box sent (or skipped) for one date; the unique key makes a renewal happen once per date."""

    __tablename__ = "subscription_renewal"
    __table_args__ = (sa.UniqueConstraint("subscription_id", "ship_date"),)

    id: int | None = Field(default=None, primary_key=True)
    subscription_id: int = Field(foreign_key="subscription.id", ondelete="CASCADE")
    ship_date: date
    order_id: int | None = Field(default=None, foreign_key="order_meta.id", ondelete="SET NULL")
    skipped: bool = False
    #: The card payment: "" (invoiced), "paid" (charged off-session), "action_needed" (the bank asks the owner to
    #: confirm), "confirmed" (the owner then paid on Stripe's page), "retrying" (declined; tried again on
    #: ``next_attempt``) or "failed" (declined on the last try: box paused).
    payment: str = Field(default="", max_length=16)
    attempts: int = 0
    first_failed_on: date | None = None
    next_attempt: date | None = Field(default=None, index=True)
    created_at: datetime = created_at_field()
