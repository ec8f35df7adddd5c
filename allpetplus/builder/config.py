"""The harness configuration: the options the shop offers, one schema, and the rules between options; and the
palette every product type is coloured from.

The harness is a product type like the others (``allpetplus.builder.types.harness``): ``validate_config`` is the
registry's ``validate`` for it. The combination rules live in ``RULES``; ``availability`` uses the same rules to show
which choices would break the current design, and why.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Mapping
from typing import Any, ClassVar

from sqlmodel import Session, col, select

from allpetplus.builder import types as product_types
from allpetplus.builder.design import SIZES, TAG_NUMBER, DesignConfig, Rule, options
from allpetplus.builder.models import PaletteColour
from allpetplus.core.db import session_scope

COLOUR_FIELDS = {
    "webbing_colour": "webbing",
    "padding_colour": "padding",
    "trim_colour": "trim",
    "thread_colour": "thread",
}


@dataclasses.dataclass(frozen=True)
class Colour:
    """A palette colour."""

    slug: str
    name: str
    hex: str
    uses: tuple[str, ...]


Palette = Mapping[str, Colour]


def load_palette(session: Session) -> dict[str, Colour]:
    """The active palette, in the shop's order."""
    rows = session.exec(
        select(PaletteColour).where(col(PaletteColour.is_active).is_(True)).order_by(PaletteColour.position)
    )
    return {r.slug: Colour(r.slug, r.name, r.hex, tuple(r.uses)) for r in rows}


class HarnessConfig(DesignConfig):
    """One harness design. Extra keys (such as a client-sent price) are refused."""

    product_type: ClassVar[str] = "harness"

    style: str = "step-in"
    size: str = "M"
    webbing_colour: str = "ocean"
    padding_colour: str = "charcoal"
    trim_colour: str = "sunset"
    hardware: str = "plastic"
    reflective_trim: bool = False
    front_d_ring: bool = False
    back_d_ring: bool = True
    grab_handle: bool = False
    text: str = ""
    font: str = "block"
    thread_colour: str = "white"
    id_patch: bool = False
    licence_tag: str = ""
    quantity: int = 1


# ---------------------------------------------------------------- combination rules


def _vest_xs_front_ring(c: HarnessConfig) -> tuple[str, str] | None:
    if c.style == "vest" and c.size == "XS" and c.front_d_ring:
        return "front_d_ring", "The XS vest has no room for a front D-ring; choose S or another style."
    return None


def max_text(c: HarnessConfig) -> int:
    """The longest text the style's panel takes."""
    return options()["styles"].get(c.style, {}).get("max_text", 0)


def _handle_needs_back_ring(c: HarnessConfig) -> tuple[str, str] | None:
    if c.grab_handle and not c.back_d_ring:
        return "grab_handle", "The grab handle is stitched to the back D-ring plate; keep the back D-ring."
    return None


def _brass_not_on_xs(c: HarnessConfig) -> tuple[str, str] | None:
    if c.hardware == "brass" and c.size == "XS":
        return "hardware", "Brass hardware is too heavy for XS; choose plastic or aluminium."
    return None


def _patch_or_strap_text(c: HarnessConfig) -> tuple[str, str] | None:
    if c.style == "vest" and c.id_patch and len(c.text) > 12:
        return "text", "With an ID patch the vest's text panel fits up to 12 characters."
    return None


def _tag_on_patch(c: HarnessConfig) -> tuple[str, str] | None:
    if c.licence_tag and not c.id_patch:
        return "licence_tag", "The tag number and its QR code are printed on the ID patch; add the ID patch."
    return None


RULES: tuple[Rule, ...] = (
    _vest_xs_front_ring,
    _tag_on_patch,
    _handle_needs_back_ring,
    _brass_not_on_xs,
    _patch_or_strap_text,
)


# ---------------------------------------------------------------- validation


def field_errors(config: HarnessConfig) -> dict[str, str]:
    """The harness's own options, each on its own (colours, text, size and quantity are checked for every type)."""
    opts = options()
    errors: dict[str, str] = {}
    if config.style not in opts["styles"]:
        errors["style"] = "Choose step-in, overhead or vest."
    if config.hardware not in opts["hardware"]:
        errors["hardware"] = "Choose plastic, aluminium or brass hardware."
    if config.font not in opts["fonts"]:
        errors["font"] = "Choose block, rounded or script lettering."
    if config.licence_tag and not TAG_NUMBER.match(config.licence_tag):
        errors["licence_tag"] = "That is not a licence tag number (they look like SPR-2026-004217)."
    return errors


def validate_config(data: Mapping[str, Any] | HarnessConfig, palette: Palette) -> HarnessConfig:
    """A checked harness configuration, or ``ValidationFailed`` naming every field that is wrong."""
    return product_types.validate(data, palette, "harness")


#: Options whose values a combination rule can block, with the values the builder offers.
CHECKED_OPTIONS: dict[str, tuple[Any, ...]] = {
    "style": tuple(options()["styles"]),
    "size": SIZES,
    "hardware": tuple(options()["hardware"]),
    "front_d_ring": (True,),
    "back_d_ring": (False,),
    "grab_handle": (True,),
    "id_patch": (True,),
}

availability = product_types.availability
blocked_choices = product_types.blocked_choices
rule_errors = product_types.rule_errors


_PALETTE_TTL_SECONDS = 30.0
_palette_cache: tuple[float, dict[str, Colour]] | None = None


def current_palette() -> dict[str, Colour]:
    """The active palette, re-read from the database at most every 30 seconds."""
    global _palette_cache
    now = time.monotonic()
    if _palette_cache is None or now - _palette_cache[0] > _PALETTE_TTL_SECONDS:
        with session_scope(read_only=True) as session:
            _palette_cache = (now, load_palette(session))
    return _palette_cache[1]


def forget_palette() -> None:
    """Drop the cached palette (after staff edit it, and in tests)."""
    global _palette_cache
    _palette_cache = None
