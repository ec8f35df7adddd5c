"""Design rules. For now: reading a user's saved designs (the builder issue adds pricing and saving)."""

from __future__ import annotations

from pydantic import BaseModel
from sqlmodel import Session, col, select

from allpetplus.builder.models import SavedDesign
from allpetplus.core.money import format_money
from allpetplus.user.models import UserProfile
from allpetplus.user.permissions import require_user


class DesignSummary(BaseModel):
    """A saved design in a list."""

    id: int
    name: str
    status: str
    price: str
    preview_url: str
    updated_at: str


def list_designs(session: Session, user: UserProfile | None, limit: int | None = None) -> list[DesignSummary]:
    """The user's designs, most recently changed first."""
    user = require_user(user)
    stmt = select(SavedDesign).where(SavedDesign.user_id == user.id).order_by(col(SavedDesign.updated_at).desc())
    if limit:
        stmt = stmt.limit(limit)
    return [
        DesignSummary(
            id=d.id,
            name=d.name,
            status=d.status.value,
            price=format_money(d.price_cents, d.currency),
            preview_url=d.preview_url or "",
            updated_at=d.updated_at.date().isoformat(),
        )
        for d in session.exec(stmt)
    ]
