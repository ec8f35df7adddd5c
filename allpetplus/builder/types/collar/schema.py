"""The collar's options, each checked on its own, and the rules between them."""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any, ClassVar

from allpetplus.builder.design import SIZES, TAG_NUMBER, DesignConfig, Rule

OPTIONS_FILE = Path(__file__).with_name("options.json")


@functools.cache
def options() -> dict:
    """Sizes (neck ranges, prices, text room), widths, buckles and extras (``options.json``)."""
    return json.loads(OPTIONS_FILE.read_text())


class CollarConfig(DesignConfig):
    """One collar design."""

    product_type: ClassVar[str] = "collar"

    size: str = "M"
    width_mm: int = 20
    buckle: str = "side-release"
    band_colour: str = "ocean"
    thread_colour: str = "white"
    reflective_stitching: bool = False
    #: An engraved name plate: the text is engraved on it instead of embroidered on the band.
    name_plate: bool = False
    licence_tag: str = ""


COLOUR_FIELDS = {"band_colour": "webbing", "thread_colour": "thread"}
CHOICES = {
    "size": SIZES,
    "width_mm": (15, 20, 25),
    "buckle": ("side-release", "metal", "breakaway"),
    "name_plate": (True, False),
    "reflective_stitching": (True, False),
}
LABELS = {
    "width_mm": "Width", "width_mm:15": "15 mm", "width_mm:20": "20 mm", "width_mm:25": "25 mm",
    "buckle:side-release": "Side-release", "buckle:breakaway": "Breakaway (cats)",
    "name_plate": "Lettering", "name_plate:False": "Embroidered on the band", "name_plate:True": "Engraved name plate",
    "band_colour": "Band colour", "thread_colour": "Lettering colour",
}  # fmt: skip
#: The harness colours a matching collar takes: the band from the webbing, the lettering from the thread.
MATCHES = {"webbing_colour": "band_colour", "thread_colour": "thread_colour"}


def field_errors(c: CollarConfig) -> dict[str, str]:
    """Each option on its own."""
    errors: dict[str, str] = {}
    if str(c.width_mm) not in options()["widths_mm"]:
        errors["width_mm"] = "Choose 15, 20 or 25 mm."
    if c.buckle not in options()["buckles"]:
        errors["buckle"] = "Choose a side-release, metal or breakaway buckle."
    if c.licence_tag and not TAG_NUMBER.match(c.licence_tag):
        errors["licence_tag"] = "That is not a licence tag number (they look like SPR-2026-004217)."
    return errors


def max_text(c: CollarConfig) -> int:
    """An engraved plate takes 12 characters; embroidery takes more the longer the collar."""
    if c.name_plate:
        return options()["name_plate_max_text"]
    return options()["sizes"].get(c.size, {}).get("max_text", 0)


def _breakaway_small(c: CollarConfig) -> tuple[str, str] | None:
    if c.buckle == "breakaway" and c.size not in ("XS", "S"):
        return "buckle", "The breakaway buckle is for cats and small dogs: sizes XS and S."
    return None


def _width_fits_size(c: CollarConfig) -> tuple[str, str] | None:
    if c.width_mm == 25 and c.size == "XS":
        return "width_mm", "The XS collar comes 15 or 20 mm wide."
    if c.width_mm == 15 and c.size == "XL":
        return "width_mm", "The XL collar comes 20 or 25 mm wide."
    return None


def _tag_on_plate(c: CollarConfig) -> tuple[str, str] | None:
    if c.licence_tag and not c.name_plate:
        return "licence_tag", "The tag number and its QR code are engraved on the name plate; add the name plate."
    return None


RULES: tuple[Rule, ...] = (_breakaway_small, _width_fits_size, _tag_on_plate)


def describe(config: Mapping[str, Any], names: Mapping[str, str]) -> list[str]:
    """A stored collar in words, for the workshop (an option withdrawn since still reads sensibly)."""
    opts = options()
    buckle = opts["buckles"].get(str(config.get("buckle")), {}).get("name") or str(config.get("buckle", ""))
    lines = [
        f"Collar, size {config.get('size', '?')}, {config.get('width_mm', '?')} mm wide, {buckle.lower()}",
        f"Band {names.get(str(config.get('band_colour')), config.get('band_colour'))}",
    ]
    if config.get("reflective_stitching"):
        lines.append("With reflective stitching")
    text, thread = str(config.get("text", "")), names.get(str(config.get("thread_colour")), "")
    if config.get("name_plate"):
        tag = str(config.get("licence_tag", ""))
        engraved = f"engraved “{text}”" if text else "blank"
        lines.append(f"Name plate, {engraved}" + (f", with licence tag {tag} and its lookup QR code" if tag else ""))
    elif text:
        lines.append(f"Text “{text}” embroidered in {thread} thread")
    return lines
