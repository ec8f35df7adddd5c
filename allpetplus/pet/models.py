"""Species and breed reference data, pet profiles and their weight history."""

from __future__ import annotations

import enum
from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from allpetplus.core.models import created_at_field, enum_field, updated_at_field


class Species(SQLModel, table=True):
    """A species the shop serves (dog, cat)."""

    __tablename__ = "species"

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(max_length=32, unique=True)
    name: str = Field(max_length=64)


class Breed(SQLModel, table=True):
    """A breed with its typical adult weight and chest girth, used to recommend sizes."""

    __tablename__ = "breed"
    __table_args__ = (sa.UniqueConstraint("species_id", "slug"),)

    id: int | None = Field(default=None, primary_key=True)
    species_id: int = Field(foreign_key="species.id", index=True)
    slug: str = Field(max_length=64)
    name: str = Field(max_length=96)
    size_class: str = Field(max_length=16)
    min_weight_g: int
    max_weight_g: int
    min_chest_mm: int | None = None
    max_chest_mm: int | None = None


class LifeStatus(enum.StrEnum):
    """Where the pet is in its life; later features pause reminders and boxes for the last two."""

    ACTIVE = "ACTIVE"
    LOST = "LOST"
    DECEASED = "DECEASED"
    REHOMED = "REHOMED"


class PetProfile(SQLModel, table=True):
    """A user's pet; at most one per user is primary (a partial unique index enforces it)."""

    __tablename__ = "pet_profile"
    __table_args__ = (
        sa.Index(
            "uq_pet_profile_primary_per_user",
            "user_id",
            unique=True,
            sqlite_where=sa.text("is_primary"),
            postgresql_where=sa.text("is_primary"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user_profile.id", index=True, ondelete="CASCADE")
    name: str = Field(max_length=64)
    species_id: int = Field(foreign_key="species.id")
    breed_id: int | None = Field(default=None, foreign_key="breed.id")
    birth_date: date | None = None
    chest_girth_mm: int | None = None
    neck_mm: int | None = None
    microchip: str | None = Field(default=None, max_length=15)
    photo_url: str | None = Field(default=None, max_length=500)
    is_primary: bool = Field(default=False)
    life_status: LifeStatus = enum_field(LifeStatus, LifeStatus.ACTIVE)
    created_at: datetime = created_at_field()
    updated_at: datetime = updated_at_field()


class PetWeight(SQLModel, table=True):
    """One weighing of a pet; the history drives growth alerts and size advice."""

    __tablename__ = "pet_weight"
    __table_args__ = (sa.UniqueConstraint("pet_id", "measured_on"),)

    id: int | None = Field(default=None, primary_key=True)
    pet_id: int = Field(foreign_key="pet_profile.id", index=True, ondelete="CASCADE")
    measured_on: date
    weight_g: int = Field(gt=0)


class PetVaccination(SQLModel, table=True):
    """A vaccination with its expiry and proof; the licensing app reads the rabies one."""

    __tablename__ = "pet_vaccination"

    id: int | None = Field(default=None, primary_key=True)
    pet_id: int = Field(foreign_key="pet_profile.id", index=True, ondelete="CASCADE")
    name: str = Field(max_length=64)
    given_on: date
    expires_on: date | None = None
    document_id: int | None = Field(default=None, foreign_key="private_document.id", index=True, ondelete="SET NULL")
    created_at: datetime = created_at_field()
