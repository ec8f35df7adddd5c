"""The user profile table; the account row every owned record points at."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlmodel import Field, SQLModel

from allpetplus.core.models import created_at_field, enum_field, json_field


class Role(enum.StrEnum):
    """What a user may do: shop and manage their own things, or run the shop."""

    USER = "USER"
    ADMIN = "ADMIN"


class UserProfile(SQLModel, table=True):
    """A person with an account; ``clerk_id`` is set when the account comes from Clerk."""

    __tablename__ = "user_profile"

    id: int | None = Field(default=None, primary_key=True)
    clerk_id: str | None = Field(default=None, max_length=64, unique=True)
    email: str = Field(max_length=254, unique=True)
    display_name: str = Field(default="", max_length=120)
    role: Role = enum_field(Role, Role.USER)
    preferences: dict[str, Any] = json_field()
    created_at: datetime = created_at_field()
