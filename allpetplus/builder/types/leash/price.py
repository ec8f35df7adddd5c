"""The leash's price, line by line (integer cents)."""

from __future__ import annotations

from allpetplus.builder.design import PriceLine
from allpetplus.builder.types.leash.schema import LeashConfig, options


def price(c: LeashConfig) -> list[PriceLine]:
    """One leash's lines; ``allpetplus.builder.types.quote`` multiplies them by the quantity."""
    opts = options()
    lines: list[PriceLine] = [("base", title(c), opts["lengths"][c.length]["cents"])]
    for code, chosen in (("width", opts["widths_mm"][str(c.width_mm)]), ("handle", opts["handles"][c.handle]),
                         ("clip", opts["clips"][c.clip])):  # fmt: skip
        if chosen["cents"]:
            lines.append((code, f"{chosen['name']} band" if code == "width" else chosen["name"], chosen["cents"]))
    letters = sum(1 for ch in c.text if not ch.isspace())
    if letters:
        lines.append(("text", f"Personalised text, {letters} character{'s' * (letters != 1)}",
                      letters * opts["per_character_cents"]))  # fmt: skip
    return lines


def title(c: LeashConfig) -> str:
    """The leash in a few words."""
    return f"Leash, {options()['lengths'][c.length]['name']}, {c.width_mm} mm"
