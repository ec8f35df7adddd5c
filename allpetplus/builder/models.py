"""Saved designs (of any registered product type) and the palette they are coloured from."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlmodel import Field, SQLModel

from allpetplus.core.models import created_at_field, enum_field, json_field, updated_at_field


class DesignStatus(enum.StrEnum):
    """A draft is still being worked on; an active design can be ordered."""

    DRAFT = "DRAFT"
    ACTIVE = "ACTIVE"


class SavedDesign(SQLModel, table=True):
    """A design a user saved (a harness, a collar, ...), optionally for one of their pets, priced by the server."""

    __tablename__ = "saved_design"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user_profile.id", index=True, ondelete="CASCADE")
    pet_id: int | None = Field(default=None, foreign_key="pet_profile.id", ondelete="SET NULL")
    name: str = Field(default="My harness", max_length=80)
    #: The registered product type (``allpetplus.builder.types``) the configuration is a design of.
    product_type: str = Field(default="harness", max_length=32)
    config: dict[str, Any] = json_field()
    status: DesignStatus = enum_field(DesignStatus, DesignStatus.DRAFT)
    preview_url: str | None = Field(default=None, max_length=500)
    share_token: str | None = Field(default=None, max_length=32, unique=True)
    price_cents: int = 0
    currency: str = Field(default="USD", max_length=3)
    created_at: datetime = created_at_field()
    updated_at: datetime = updated_at_field()


class PaletteColour(SQLModel, table=True):
    """A colour the shop offers in the builder, and the parts it may be used for."""

    __tablename__ = "palette_colour"

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(max_length=32, unique=True)
    name: str = Field(max_length=48)
    hex: str = Field(max_length=7)
    uses: list[str] = json_field(list)
    is_active: bool = True
    position: int = 0
