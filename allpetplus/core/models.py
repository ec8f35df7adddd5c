"""Column helpers shared by every domain's tables: naming convention, timestamps, enums, JSON."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from allpetplus.core import clock

# Stable constraint names, so Alembic migrations read the same on SQLite and PostgreSQL.
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    """The current time, timezone-aware in UTC (the product's clock, ``allpetplus.core.clock``)."""
    return clock.now()


def created_at_field() -> Any:
    """A ``created_at`` column set when the row is inserted."""
    return Field(default_factory=utcnow, sa_type=sa.DateTime(timezone=True), nullable=False)


def updated_at_field() -> Any:
    """An ``updated_at`` column refreshed on every update."""
    return Field(
        default_factory=utcnow,
        sa_type=sa.DateTime(timezone=True),
        nullable=False,
        sa_column_kwargs={"onupdate": utcnow},
    )


def enum_field(enum_cls: type[enum.Enum], default: enum.Enum, **kwargs: Any) -> Any:
    """A column holding an enum's value as a short string (portable, no native DB enum type)."""
    return Field(
        default=default,
        sa_type=sa.Enum(
            enum_cls,
            native_enum=False,
            create_constraint=False,
            length=24,
            values_callable=lambda cls: [member.value for member in cls],
        ),
        nullable=False,
        **kwargs,
    )


def json_field(default_factory: Any = dict) -> Any:
    """A JSON column (JSON on SQLite, JSON on PostgreSQL)."""
    return Field(default_factory=default_factory, sa_type=sa.JSON, nullable=False)


def timeline_entry(status: str, by: str, note: str = "") -> dict[str, Any]:
    """One entry of a record's timeline (orders, licences): what it became, when, who did it, and why."""
    return {"status": str(status), "at": utcnow().isoformat(timespec="seconds"), "by": by, "note": note}
