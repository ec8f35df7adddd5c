"""The builder's palette of colours, as staff manage it: add or change a colour, offer it or stop offering it.
Every function checks the staff role."""

from __future__ import annotations

import re

from pydantic import BaseModel
from sqlmodel import Session, select

from allpetplus.builder import types as product_types
from allpetplus.builder.config import forget_palette
from allpetplus.builder.models import PaletteColour
from allpetplus.core.errors import NotFound, ValidationFailed
from allpetplus.user.models import UserProfile
from allpetplus.user.permissions import require_admin


def colour_uses() -> tuple[str, ...]:
    """Every use of a palette colour a registered product type asks for ("webbing", "thread", ...), the harness's
    first: a colour is offered for an option only where staff allowed its use."""
    kinds = sorted(product_types.registry().values(), key=lambda kind: kind.slug != product_types.DEFAULT_TYPE)
    return tuple(dict.fromkeys(use for kind in kinds for use in kind.colour_fields.values()))


_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")
_SLUG = re.compile(r"^[a-z][a-z0-9-]{1,31}$")


class ColourRow(BaseModel):
    """A palette colour."""

    id: int
    slug: str
    name: str
    hex: str
    uses: list[str]
    is_active: bool


def palette(session: Session, actor: UserProfile | None) -> list[ColourRow]:
    """Every palette colour, active or not, in the builder's order."""
    require_admin(actor)
    rows = session.exec(select(PaletteColour).order_by(PaletteColour.position, PaletteColour.id))
    return [ColourRow(id=c.id, slug=c.slug, name=c.name, hex=c.hex, uses=list(c.uses), is_active=c.is_active)
            for c in rows]  # fmt: skip


def save_colour(session: Session, actor: UserProfile | None, *, slug: str, name: str, hex_colour: str,
                uses: list[str]) -> PaletteColour:  # fmt: skip
    """Add a colour to the builder's palette, or change the one with this slug."""
    require_admin(actor)
    slug, name, hex_colour = slug.strip().lower(), name.strip(), hex_colour.strip()
    errors: dict[str, str] = {}
    if not _SLUG.match(slug):
        errors["slug"] = "Use 2-32 lowercase letters, digits and hyphens, starting with a letter."
    if not 1 <= len(name) <= 48:
        errors["name"] = "Enter the colour's name."
    if not _HEX.match(hex_colour):
        errors["hex"] = "Enter a colour like #1e6fa8."
    offered = colour_uses()
    chosen = [use for use in offered if use in uses]
    if not chosen:
        errors["uses"] = f"Choose where the colour may be used ({', '.join(offered[:-1])} or {offered[-1]})."
    if errors:
        raise ValidationFailed(errors)
    colour = session.exec(select(PaletteColour).where(PaletteColour.slug == slug)).first()
    if colour is None:
        position = len(session.exec(select(PaletteColour.id)).all())
        colour = PaletteColour(slug=slug, position=position, name=name, hex=hex_colour.lower(), uses=chosen)
    colour.name, colour.hex, colour.uses = name, hex_colour.lower(), chosen
    session.add(colour)
    session.flush()
    _palette_changed()
    return colour


def set_colour_active(session: Session, actor: UserProfile | None, colour_id: int, active: bool) -> None:
    """Offer a colour in the builder, or stop offering it (saved designs that use it then ask for another)."""
    require_admin(actor)
    colour = session.get(PaletteColour, colour_id)
    if colour is None:
        raise NotFound("That colour")
    colour.is_active = active
    session.add(colour)
    session.flush()
    _palette_changed()


def _palette_changed() -> None:
    forget_palette()
