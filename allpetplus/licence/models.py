"""Licences (an application becomes a licence when approved) and the tags issued for them."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from allpetplus.core.models import created_at_field, enum_field, json_field, updated_at_field

_DOCUMENT = "private_document.id"


class LicenceStatus(enum.StrEnum):
    """DRAFT → SUBMITTED → APPROVED (starts later) / REJECTED → ACTIVE → EXPIRED."""

    DRAFT = "DRAFT"
    SUBMITTED = "SUBMITTED"
    APPROVED = "APPROVED"
    REJECTED = "REJECTED"
    ACTIVE = "ACTIVE"
    EXPIRED = "EXPIRED"


class ContactShare(enum.StrEnum):
    """What the public lost-pet lookup may show to a finder."""

    EMAIL = "EMAIL"
    PHONE = "PHONE"
    NONE = "NONE"


class Licence(SQLModel, table=True):
    """One licence application and, once approved, the licence itself."""

    __tablename__ = "licence"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user_profile.id", index=True, ondelete="CASCADE")
    pet_id: int | None = Field(default=None, foreign_key="pet_profile.id", index=True, ondelete="SET NULL")
    renewal_of_id: int | None = Field(default=None, foreign_key="licence.id", ondelete="SET NULL")
    jurisdiction: str = Field(max_length=32)
    status: LicenceStatus = enum_field(LicenceStatus, LicenceStatus.DRAFT, index=True)
    step: int = 1
    owner_name: str = Field(default="", max_length=120)
    owner_email: str = Field(default="", max_length=254)
    owner_phone: str = Field(default="", max_length=32)
    owner_birth_date: date | None = None
    address: dict[str, Any] = json_field()
    pet_name: str = Field(default="", max_length=64)
    species: str = Field(default="dog", max_length=16)
    breed: str = Field(default="", max_length=80)
    colour: str = Field(default="", max_length=40)
    pet_birth_date: date | None = None
    altered: bool = False
    service_animal: bool = False
    microchip: str = Field(default="", max_length=15)
    rabies_vaccinated_on: date | None = None
    rabies_expires_on: date | None = None
    vet_clinic: str = Field(default="", max_length=120)
    # Private documents (``allpetplus.document``); a renewal shares its predecessor's.
    rabies_certificate_id: int | None = Field(default=None, foreign_key=_DOCUMENT, index=True, ondelete="SET NULL")
    altered_proof_id: int | None = Field(default=None, foreign_key=_DOCUMENT, index=True, ondelete="SET NULL")
    service_proof_id: int | None = Field(default=None, foreign_key=_DOCUMENT, index=True, ondelete="SET NULL")
    term_years: int = 1
    contact_share: ContactShare = enum_field(ContactShare, ContactShare.EMAIL)
    fee_cents: int = 0
    currency: str = Field(default="USD", max_length=3)
    fee_breakdown: list[dict[str, Any]] = json_field(list)
    order_id: int | None = Field(default=None, foreign_key="order_meta.id", ondelete="SET NULL")
    tag_number: str | None = Field(default=None, max_length=24, index=True)  # unique in licence_tag
    starts_on: date | None = None
    expires_on: date | None = Field(default=None, index=True)
    rejection_reason: str = Field(default="", max_length=500)
    reminders_sent: list[int] = json_field(list)
    timeline: list[dict[str, Any]] = json_field(list)
    submitted_at: datetime | None = Field(default=None, sa_type=sa.DateTime(timezone=True))
    created_at: datetime = created_at_field()
    updated_at: datetime = updated_at_field()


class LicenceTag(SQLModel, table=True):
    """Every tag number ever issued; a replaced tag is retired and no longer identifies the pet."""

    __tablename__ = "licence_tag"

    id: int | None = Field(default=None, primary_key=True)
    number: str = Field(max_length=24, unique=True)
    licence_id: int = Field(foreign_key="licence.id", index=True, ondelete="CASCADE")
    issued_at: datetime = created_at_field()
    retired_at: datetime | None = Field(default=None, sa_type=sa.DateTime(timezone=True))
