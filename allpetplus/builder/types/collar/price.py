"""The collar's price, line by line (integer cents)."""

from __future__ import annotations

from allpetplus.builder.design import PriceLine
from allpetplus.builder.types.collar.schema import CollarConfig, options


def price(c: CollarConfig) -> list[PriceLine]:
    """One collar's lines; ``allpetplus.builder.types.quote`` multiplies them by the quantity."""
    opts, extras = options(), options()["extras_cents"]
    width = opts["widths_mm"][str(c.width_mm)]
    lines: list[PriceLine] = [("base", title(c), opts["sizes"][c.size]["base_cents"])]
    if width["cents"]:
        lines.append(("width", f"{width['name']} band", width["cents"]))
    buckle = opts["buckles"][c.buckle]
    if buckle["cents"]:
        lines.append(("buckle", buckle["name"], buckle["cents"]))
    if c.reflective_stitching:
        lines.append(("reflective_stitching", "Reflective stitching", extras["reflective_stitching"]))
    if c.name_plate:
        lines.append(("name_plate", "Engraved name plate", extras["name_plate"]))
    letters = sum(1 for ch in c.text if not ch.isspace())
    if letters and not c.name_plate:
        lines.append(("text", f"Embroidered text, {letters} character{'s' * (letters != 1)}",
                      letters * extras["per_character"]))  # fmt: skip
    if c.licence_tag:
        lines.append(("licence_tag", f"Licence tag {c.licence_tag} with lookup QR code (included)", 0))
    return lines


def title(c: CollarConfig) -> str:
    """The collar in a few words."""
    return f"Collar, {c.width_mm} mm, size {c.size}"
