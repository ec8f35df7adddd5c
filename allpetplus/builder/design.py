"""What every designable product type is made of: its configuration schema and its ``ProductType`` entry.

A type (harness, collar, leash, ...) is one package under ``allpetplus/builder/types/`` exposing ``TYPE``. The
registry there does everything that is the same for all types (colours from the palette, text, quantity, rules,
quotes, 3D previews), so no other code names a type.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, ClassVar

import trimesh
from pydantic import BaseModel, ConfigDict

from allpetplus.core.money import format_money

DATA_FILE = Path(__file__).parent / "data" / "options.json"

SIZES = ("XS", "S", "M", "L", "XL")
TEXT_CHARACTERS = re.compile(r"^[A-Za-z0-9 .'&!-]*$")
#: A pet licence tag number (see ``allpetplus.licence``), printed with its lookup QR code.
TAG_NUMBER = re.compile(r"^[A-Z]{3}-\d{4}-\d{6}$")


@functools.cache
def options() -> dict[str, Any]:
    """The shop's builder data: the currency, and the harness's styles, sizes, prices, hardware and fonts."""
    return json.loads(DATA_FILE.read_text())


class QuoteLine(BaseModel):
    """One line of the price breakdown."""

    code: str
    label: str
    amount_cents: int
    amount: str


class Quote(BaseModel):
    """A priced configuration."""

    lines: list[QuoteLine]
    unit_cents: int
    quantity: int
    total_cents: int
    total: str
    currency: str


def priced(unit_lines: list[tuple[str, str, int]], quantity: int) -> Quote:
    """The quote of one unit's lines (code, label, cents) times ``quantity``: the lines sum to the total."""
    currency = options()["currency"]
    suffix = f" × {quantity}" if quantity > 1 else ""
    lines = [
        QuoteLine(code=code, label=label + suffix, amount_cents=cents * quantity,
                  amount=format_money(cents * quantity, currency))
        for code, label, cents in unit_lines
    ]  # fmt: skip
    total = sum(line.amount_cents for line in lines)
    return Quote(
        lines=lines,
        unit_cents=sum(cents for _, _, cents in unit_lines),
        quantity=quantity,
        total_cents=total,
        total=format_money(total, currency),
        currency=currency,
    )


class DesignConfig(BaseModel):
    """One design of a product type. Extra keys (such as a client-sent price) are refused."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    #: The registered type this schema belongs to (``ProductType.slug``).
    product_type: ClassVar[str] = ""

    text: str = ""
    quantity: int = 1

    def normalised(self) -> dict[str, Any]:
        """The configuration as plain data with sorted keys (what the preview cache is keyed by)."""
        return dict(sorted(self.model_dump().items()))


#: A combination rule: ``(field, reason)`` when the design breaks it, else ``None``.
Rule = Callable[[Any], tuple[str, str] | None]
#: One line of a unit price: ``(code, label, cents)``.
PriceLine = tuple[str, str, int]
#: One part of a 3D model: its name, mesh (z-up, metres) and material.
Part = tuple[str, trimesh.Trimesh, Any]


@dataclasses.dataclass(frozen=True)
class Fit:
    """A size (and any other options) recommended for a pet, and why, in words."""

    size: str
    reason: str
    options: Mapping[str, Any] = dataclasses.field(default_factory=dict)


@dataclasses.dataclass(frozen=True)
class ProductType:
    """A designable product type, as its package declares it."""

    slug: str
    #: What a customer calls it ("Collar").
    name: str
    config: type[DesignConfig]
    #: Colour fields of the schema and the palette use each must allow ("webbing", "thread", ...).
    colour_fields: Mapping[str, str]
    #: The values the builder offers for each choice field (the rules block some of them for a design).
    choices: Mapping[str, tuple[Any, ...]]
    #: Checks of single fields beyond the schema and the shared ones (colours, text, quantity), by field.
    field_errors: Callable[[Any], dict[str, str]]
    rules: tuple[Rule, ...]
    #: The unit price, line by line, of a valid design (integer cents).
    price: Callable[[Any], list[PriceLine]]
    #: The design in a few words ("Collar, 20 mm, size M").
    title: Callable[[Any], str]
    #: The longest personalised text the design can carry.
    max_text: Callable[[Any], int]
    #: A recommendation from the pet's measurements (keyword arguments: ``chest_cm``, ``neck_cm``, ``weight_kg``,
    #: and ``pet_name``, ``breed_name``, ``breed_chest_cm`` for the words; a type ignores what it does not use).
    fit: Callable[..., Fit]
    #: The 3D model's parts, for a valid design and the palette.
    parts: Callable[[Any, Mapping[str, Any]], list[Part]]
    #: A stored configuration in a few lines of words, as staff read it to make it (colour names by slug given).
    describe: Callable[[Mapping[str, Any], Mapping[str, str]], list[str]]
    #: A design's colours when it matches another design: this type's colour field for each source colour field.
    matches: Mapping[str, str] = dataclasses.field(default_factory=dict)
    #: Whether a pet has outgrown a design's size (``allpetplus.builder.fit.growth_alert``'s arguments), for a type
    #: sized from measurements that change as the pet grows.
    growth_alert: Callable[..., Any] | None = None
    #: Words for the builder: an option's label by field, a value's by ``"field:value"`` (default: from the names).
    labels: Mapping[str, str] = dataclasses.field(default_factory=dict)
    #: The girth a customer measures to size it without a pet profile (``"chest"`` or ``"neck"``).
    measured: str = "chest"

    def label(self, field: str, value: Any = None) -> str:
        """What the builder calls an option (``value`` omitted) or one of its values."""
        if value is None:
            return self.labels.get(field) or field.replace("_", " ").capitalize()
        if isinstance(value, bool):
            return self.labels.get(f"{field}:{value}") or ("Yes" if value else "No")
        words = str(value).replace("-", " ")
        return self.labels.get(f"{field}:{value}") or (words if words.isupper() else words.capitalize())
