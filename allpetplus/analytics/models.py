"""Recorded business events (one row per outbox event, so a re-dispatch records nothing twice)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from allpetplus.core.models import json_field


class AnalyticsEvent(SQLModel, table=True):
    """What happened, when, for whom (a user id or an anonymous visitor key) and for how much."""

    __tablename__ = "analytics_event"

    id: int | None = Field(default=None, primary_key=True)
    event_id: int = Field(unique=True)
    name: str = Field(max_length=64, index=True)
    occurred_at: datetime = Field(sa_type=sa.DateTime(timezone=True), index=True)
    user_id: int | None = Field(default=None, index=True)
    visitor: str = Field(default="", max_length=64)
    subject: str = Field(default="", max_length=128)
    amount_cents: int | None = None
    currency: str = Field(default="", max_length=3)
    properties: dict[str, Any] = json_field()
