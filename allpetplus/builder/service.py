"""Design rules: saving, listing, duplicating, renaming, deleting and sharing designs of any product type.

Every save re-validates the configuration and re-prices it on the server; a price sent by a client
is never read.
"""

from __future__ import annotations

import secrets
from datetime import date
from typing import Any

from pydantic import BaseModel
from sqlmodel import Session, col, select

from allpetplus.builder import fit
from allpetplus.builder import types as product_types
from allpetplus.builder.config import Palette
from allpetplus.builder.design import DesignConfig
from allpetplus.builder.models import DesignStatus, SavedDesign
from allpetplus.builder.preview import cached_url, preview_key
from allpetplus.core.errors import NotFound, ValidationFailed
from allpetplus.core.models import utcnow
from allpetplus.core.money import format_money
from allpetplus.core.outbox import publish
from allpetplus.pet.models import PetProfile, PetWeight
from allpetplus.pet.service import own_pet
from allpetplus.user.models import UserProfile
from allpetplus.user.permissions import owned_or_404, require_user

MAX_NAME = 80


class DesignSummary(BaseModel):
    """A saved design in a list."""

    id: int
    name: str
    #: The registered product type (``allpetplus.builder.types``) and its name ("Collar").
    product_type: str = product_types.DEFAULT_TYPE
    type_name: str = ""
    #: The design in a few words ("Step-in harness, size M", "Collar, 20 mm, size S").
    summary: str = ""
    status: str
    price: str
    size: str
    style: str
    pet_name: str
    preview_url: str
    updated_at: str
    growth_alert: str
    image: str = ""  # its picture (``allpetplus.application.pictures``), when rendered
    image_alt: str = ""


def _name(name: str) -> str:
    name = (name or "").strip()
    if not name:
        raise ValidationFailed.one("name", "Give the design a name.")
    if len(name) > MAX_NAME:
        raise ValidationFailed.one("name", f"Use at most {MAX_NAME} characters.")
    return name


def _type_name(slug: str) -> str:
    kind = product_types.registry().get(slug)
    return kind.name if kind else "Design"


def _summary(design: SavedDesign) -> str:
    """The stored design's title by its type (options withdrawn since are left out)."""
    kind = product_types.registry().get(design.product_type)
    if kind is None:
        return "Design"
    fields = kind.config.model_fields
    try:
        return kind.title(kind.config.model_validate({k: v for k, v in design.config.items() if k in fields}))
    except (ValueError, KeyError):
        return kind.name


def _own_pet(session: Session, user: UserProfile, pet_id: int | None) -> PetProfile | None:
    if pet_id is None:
        return None
    pet = own_pet(session, user, pet_id)
    if pet is None:
        raise ValidationFailed.one("pet_id", "Choose one of your own pets.")
    return pet


def save_design(
    session: Session,
    user: UserProfile | None,
    *,
    config: dict[str, Any] | DesignConfig,
    palette: Palette,
    name: str,
    status: str = "DRAFT",
    pet_id: int | None = None,
    design_id: int | None = None,
    product_type: str = product_types.DEFAULT_TYPE,
) -> SavedDesign:
    """Create or update a design of ``product_type`` (or of the checked configuration's type): validated, priced on
    the server, linked to one of the user's pets. (Its licence tag is checked by ``application.designs``.)"""
    user = require_user(user)
    checked = product_types.validate(config, palette, product_type)
    try:
        design_status = DesignStatus(status)
    except ValueError:
        raise ValidationFailed.one("status", "Save as a draft or as ready to order.") from None
    pet = _own_pet(session, user, pet_id)
    design = get_design(session, user, design_id) if design_id else SavedDesign(user_id=user.id)
    design.name = _name(name)
    design.product_type = type(checked).product_type
    design.config = checked.normalised()
    design.status = design_status
    design.pet_id = pet.id if pet else None
    quote = product_types.quote(checked)
    design.price_cents, design.currency = quote.total_cents, quote.currency
    design.preview_url = cached_url(preview_key(checked, palette))
    design.updated_at = utcnow()
    session.add(design)
    session.flush()
    publish(session, "design.saved", {"design_id": design.id, "user_id": user.id, "status": design.status.value,
                                      "total_cents": design.price_cents, "currency": design.currency})  # fmt: skip
    return design


def record_opened(session: Session, user: UserProfile | None, visitor: str) -> None:
    """Note that someone opened the builder (the first step of the builder funnel)."""
    publish(session, "builder.opened", {"user_id": user.id if user else None, "visitor": visitor[:64]})


def get_design(session: Session, user: UserProfile | None, design_id: int) -> SavedDesign:
    """A design the user owns (or staff); "not found" otherwise."""
    return owned_or_404(user, session.get(SavedDesign, design_id), "That design")


def list_designs(session: Session, user: UserProfile | None, limit: int | None = None) -> list[DesignSummary]:
    """The user's designs, most recently changed first, each with a growth alert for its pet."""
    user = require_user(user)
    stmt = select(SavedDesign).where(SavedDesign.user_id == user.id).order_by(col(SavedDesign.updated_at).desc())
    if limit:
        stmt = stmt.limit(limit)
    result = []
    for design in session.exec(stmt):
        pet = session.get(PetProfile, design.pet_id) if design.pet_id else None
        alert = design_growth_alert(session, design, pet)
        result.append(
            DesignSummary(
                id=design.id,
                name=design.name,
                product_type=design.product_type,
                type_name=_type_name(design.product_type),
                summary=_summary(design),
                status=design.status.value,
                price=format_money(design.price_cents, design.currency),
                size=str(design.config.get("size", "")),
                style=str(design.config.get("style", "")),
                pet_name=pet.name if pet else "",
                preview_url=design.preview_url or "",
                updated_at=design.updated_at.date().isoformat(),
                growth_alert=alert.message if alert else "",
            )
        )
    return result


def latest_designs(
    session: Session, user: UserProfile | None, product_types_wanted: list[str], *, pet_id: int | None
) -> dict[str, SavedDesign]:
    """The user's most recently changed design of each type asked for, made for one pet (``None``: for no pet)."""
    user = require_user(user)
    stmt = (
        select(SavedDesign)
        .where(SavedDesign.user_id == user.id, col(SavedDesign.product_type).in_(product_types_wanted))
        .order_by(col(SavedDesign.updated_at).desc(), col(SavedDesign.id).desc())
    )
    stmt = stmt.where(SavedDesign.pet_id == pet_id)  # ``None`` compares as IS NULL
    found: dict[str, SavedDesign] = {}
    for design in session.exec(stmt):
        found.setdefault(design.product_type, design)
    return found


def designs_of_type(
    session: Session, user: UserProfile | None, product_type: str, limit: int = 20
) -> list[SavedDesign]:
    """The user's saved designs of one type, most recently changed first."""
    user = require_user(user)
    stmt = (
        select(SavedDesign)
        .where(SavedDesign.user_id == user.id, SavedDesign.product_type == product_type)
        .order_by(col(SavedDesign.updated_at).desc(), col(SavedDesign.id).desc())
        .limit(limit)
    )
    return list(session.exec(stmt))


def pet_weights(session: Session, pet: PetProfile) -> list[tuple[date, int]]:
    """A pet's weighings as (date, grams), oldest first."""
    rows = session.exec(select(PetWeight).where(PetWeight.pet_id == pet.id).order_by(PetWeight.measured_on))
    return [(w.measured_on, w.weight_g) for w in rows]


def design_growth_alert(session: Session, design: SavedDesign, pet: PetProfile | None) -> fit.GrowthAlert | None:
    """Whether the design's pet has outgrown (or is about to outgrow) its size (for a type sized that way)."""
    kind = product_types.registry().get(design.product_type)
    if pet is None or kind is None or kind.growth_alert is None:
        return None
    return kind.growth_alert(
        str(design.config.get("size", "")),
        chest_cm=pet.chest_girth_mm / 10 if pet.chest_girth_mm else None,
        weights=pet_weights(session, pet),
        pet_name=pet.name,
    )


def duplicate_design(session: Session, user: UserProfile | None, design_id: int) -> SavedDesign:
    """A copy of a design, as a draft."""
    original = get_design(session, user, design_id)
    copy = SavedDesign(
        user_id=original.user_id,
        pet_id=original.pet_id,
        name=(f"{original.name} (copy)")[:MAX_NAME],
        product_type=original.product_type,
        config=dict(original.config),
        status=DesignStatus.DRAFT,
        preview_url=original.preview_url,
        price_cents=original.price_cents,
        currency=original.currency,
    )
    session.add(copy)
    session.flush()
    return copy


def rename_design(session: Session, user: UserProfile | None, design_id: int, name: str) -> SavedDesign:
    """Give a design a new name."""
    design = get_design(session, user, design_id)
    design.name = _name(name)
    design.updated_at = utcnow()
    session.add(design)
    session.flush()
    return design


def delete_design(session: Session, user: UserProfile | None, design_id: int) -> None:
    """Delete a design."""
    session.delete(get_design(session, user, design_id))
    session.flush()


def share_design(session: Session, user: UserProfile | None, design_id: int) -> str:
    """The design's share token (made on first use): anyone with it can load a read-only copy."""
    design = get_design(session, user, design_id)
    if not design.share_token:
        design.share_token = secrets.token_urlsafe(16)
        session.add(design)
        session.flush()
    return design.share_token


def shared_design(session: Session, token: str) -> SavedDesign:
    """The design behind a share token; "not found" for an unknown token."""
    design = session.exec(select(SavedDesign).where(SavedDesign.share_token == token)).first() if token else None
    if design is None:
        raise NotFound("That shared design")
    return design
