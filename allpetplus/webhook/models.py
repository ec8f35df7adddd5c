"""The webhook inbox: every verified delivery, stored before it is answered."""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from allpetplus.core.models import created_at_field, enum_field


class DeliveryStatus(enum.StrEnum):
    """Where a delivery is in processing."""

    RECEIVED = "RECEIVED"
    PROCESSED = "PROCESSED"
    IGNORED = "IGNORED"
    FAILED = "FAILED"


class WebhookDelivery(SQLModel, table=True):
    """One delivery from a provider, unique per provider and event id (duplicates are recognised)."""

    __tablename__ = "webhook_delivery"
    __table_args__ = (sa.UniqueConstraint("provider", "event_id"),)

    id: int | None = Field(default=None, primary_key=True)
    provider: str = Field(max_length=16)
    event_id: str = Field(max_length=128)
    topic: str = Field(max_length=64, index=True)
    body: str = Field(sa_type=sa.Text)
    status: DeliveryStatus = enum_field(DeliveryStatus, DeliveryStatus.RECEIVED, index=True)
    outcome: str = Field(default="", max_length=300)
    attempts: int = 0
    retry_at: datetime | None = Field(default=None, sa_type=sa.DateTime(timezone=True))
    received_at: datetime = created_at_field()
    processed_at: datetime | None = Field(default=None, sa_type=sa.DateTime(timezone=True))
