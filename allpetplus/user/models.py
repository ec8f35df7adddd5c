"""The user profile table; the account row every owned record points at."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from pydantic import BaseModel
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
    password_hash: str | None = Field(default=None, max_length=255)
    #: When the owner proved the address is theirs (a link we e-mailed, or Clerk's own check); cleared when it
    #: changes. Only a verified address is trusted to claim orders placed elsewhere with it.
    email_verified_at: datetime | None = Field(default=None, sa_type=sa.DateTime(timezone=True))
    #: The Shopify customer whose orders are this user's (``gid://shopify/Customer/…``), once one was linked.
    shopify_customer_id: str | None = Field(default=None, max_length=64, unique=True)
    created_at: datetime = created_at_field()

    @property
    def is_admin(self) -> bool:
        """True for staff."""
        return self.role == Role.ADMIN


class UserSession(SQLModel, table=True):
    """A signed-in browser (local accounts) on one app; the cookie holds a token, the table only its hash."""

    __tablename__ = "user_session"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user_profile.id", index=True, ondelete="CASCADE")
    token_hash: str = Field(max_length=64, unique=True)
    user_agent: str = Field(default="", max_length=200)
    created_at: datetime = created_at_field()
    expires_at: datetime = Field(sa_type=sa.DateTime(timezone=True))
    #: A sub-app's session: the main-app session it was handed over from; it ends with it.
    parent_id: int | None = Field(default=None, foreign_key="user_session.id", index=True, ondelete="CASCADE")


class Preferences(BaseModel):
    """What a user chose about how the product treats them."""

    units: str = "kg"
    marketing_opt_in: bool = False
    default_pet_id: int | None = None


class UserPublic(BaseModel):
    """A user as the user (or staff) sees them; never the password hash."""

    id: int
    email: str
    display_name: str
    role: str
    preferences: Preferences
