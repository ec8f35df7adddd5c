"""The harness configuration: the options the shop offers, one schema, and the rules between options.

``validate_config`` is the one check used on every builder change, on save and at checkout. The
combination rules live in ``RULES``; ``availability`` uses the same rules to show which choices
would break the current design, and why.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import re
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError
from sqlmodel import Session, col, select

from allpetplus.builder.models import PaletteColour
from allpetplus.core.db import session_scope
from allpetplus.core.errors import ValidationFailed
from allpetplus.core.inputs import field_errors

DATA_FILE = Path(__file__).parent / "data" / "options.json"
SIZES = ("XS", "S", "M", "L", "XL")
TEXT_CHARACTERS = re.compile(r"^[A-Za-z0-9 .'&!-]*$")
#: A pet licence tag number (see ``allpetplus.licence``), printed with its lookup QR code on the ID patch.
TAG_NUMBER = re.compile(r"^[A-Z]{3}-\d{4}-\d{6}$")
COLOUR_FIELDS = {
    "webbing_colour": "webbing",
    "padding_colour": "padding",
    "trim_colour": "trim",
    "thread_colour": "thread",
}


@functools.cache
def options() -> dict[str, Any]:
    """The shop's option data: styles, sizes, prices, hardware, fonts (from ``data/options.json``)."""
    return json.loads(DATA_FILE.read_text())


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


class HarnessConfig(BaseModel):
    """One harness design. Extra keys (such as a client-sent price) are refused."""

    model_config = ConfigDict(extra="forbid", frozen=True)

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

    def normalised(self) -> dict[str, Any]:
        """The configuration as plain data with sorted keys (what the preview cache is keyed by)."""
        return dict(sorted(self.model_dump().items()))


# ---------------------------------------------------------------- combination rules

Rule = Callable[[HarnessConfig], tuple[str, str] | None]


def _vest_xs_front_ring(c: HarnessConfig) -> tuple[str, str] | None:
    if c.style == "vest" and c.size == "XS" and c.front_d_ring:
        return "front_d_ring", "The XS vest has no room for a front D-ring; choose S or another style."
    return None


def _text_fits_style(c: HarnessConfig) -> tuple[str, str] | None:
    limit = options()["styles"].get(c.style, {}).get("max_text", 0)
    if len(c.text) > limit:
        return "text", f"The {options()['styles'][c.style]['name'].lower()} fits up to {limit} characters."
    return None


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
    _text_fits_style,
    _handle_needs_back_ring,
    _brass_not_on_xs,
    _patch_or_strap_text,
)


# ---------------------------------------------------------------- validation


def _field_errors(config: HarnessConfig, palette: Palette) -> dict[str, str]:
    opts = options()
    errors: dict[str, str] = {}
    if config.style not in opts["styles"]:
        errors["style"] = "Choose step-in, overhead or vest."
    if config.size not in SIZES:
        errors["size"] = "Choose a size from XS to XL."
    if config.hardware not in opts["hardware"]:
        errors["hardware"] = "Choose plastic, aluminium or brass hardware."
    if config.font not in opts["fonts"]:
        errors["font"] = "Choose block, rounded or script lettering."
    for field, use in COLOUR_FIELDS.items():
        colour = palette.get(getattr(config, field))
        if colour is None or use not in colour.uses:
            errors[field] = f"That colour is not offered for the {use}; pick one from the palette."
    if not TEXT_CHARACTERS.match(config.text):
        errors["text"] = "Use letters, digits, spaces and . ' & ! - only."
    elif config.text != config.text.strip() or "  " in config.text:
        errors["text"] = "Remove extra spaces at the start, end or between words."
    if config.licence_tag and not TAG_NUMBER.match(config.licence_tag):
        errors["licence_tag"] = "That is not a licence tag number (they look like SPR-2026-004217)."
    if not 1 <= config.quantity <= opts["max_quantity"]:
        errors["quantity"] = f"Order between 1 and {opts['max_quantity']} at a time."
    return errors


def rule_errors(config: HarnessConfig) -> dict[str, str]:
    """The combination rules this configuration breaks, by field."""
    errors: dict[str, str] = {}
    for rule in RULES:
        broken = rule(config)
        if broken and broken[0] not in errors:
            errors[broken[0]] = broken[1]
    return errors


def validate_config(data: Mapping[str, Any] | HarnessConfig, palette: Palette) -> HarnessConfig:
    """A checked configuration, or ``ValidationFailed`` naming every field that is wrong."""
    if isinstance(data, HarnessConfig):
        config = data
    else:
        try:
            config = HarnessConfig.model_validate(dict(data))
        except ValidationError as exc:
            raise ValidationFailed(field_errors(exc, unknown="This option does not exist.")) from None
    errors = _field_errors(config, palette)
    if errors:
        raise ValidationFailed(errors)
    errors = rule_errors(config)
    if errors:
        raise ValidationFailed(errors)
    return config


def availability(config: HarnessConfig, field: str, values: list[Any]) -> dict[str, str]:
    """For each value of ``field`` that would break a combination rule, the reason (by ``str(value)``).

    A value is unavailable when choosing it breaks a rule the current design keeps, or a rule about
    this very field.
    """
    blocked: dict[str, str] = {}
    for value in values:
        candidate = config.model_copy(update={field: value})
        for rule in RULES:
            broken = rule(candidate)
            if broken and (broken[0] == field or rule(config) is None):
                blocked[str(value)] = broken[1]
                break
    return blocked


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


def blocked_choices(config: HarnessConfig) -> dict[str, str]:
    """Every builder choice (``"field:value"``) the rules refuse for this design, with the reason."""
    return dict(_blocked_choices(config))


@functools.lru_cache(maxsize=4096)
def _blocked_choices(config: HarnessConfig) -> tuple[tuple[str, str], ...]:
    # Designs are immutable and the rules are code, so the answer for a design never changes.
    return tuple(
        (f"{field}:{value}", reason)
        for field, values in CHECKED_OPTIONS.items()
        for value, reason in availability(config, field, list(values)).items()
    )


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
