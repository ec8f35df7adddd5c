"""Pricing of designs: ``priced`` turns a unit's lines into the quote every product type uses; ``quote_harness``
is the harness's price (builder, cart and checkout reach it through ``allpetplus.builder.types.quote``).

Every amount is integer cents. The quote is a list of lines (each already multiplied by the
quantity) whose sum is the total, so the breakdown shown is exactly what is charged.
"""

from __future__ import annotations

from allpetplus.builder.config import HarnessConfig, options
from allpetplus.builder.design import Quote, QuoteLine, priced

__all__ = ["Quote", "QuoteLine", "harness_price", "priced", "quote_harness"]


def quote_harness(config: HarnessConfig) -> Quote:
    """Price a (validated) harness, line by line."""
    return priced(harness_price(config), config.quantity)


def harness_price(config: HarnessConfig) -> list[tuple[str, str, int]]:
    """One harness's price lines (code, label, cents)."""
    opts = options()
    extras = opts["extras_cents"]
    style = opts["styles"][config.style]["name"]
    unit_lines: list[tuple[str, str, int]] = [
        ("base", f"{style} harness, size {config.size}", opts["base_price_cents"][config.style][config.size])
    ]
    hardware = opts["hardware"][config.hardware]
    if hardware["price_cents"]:
        unit_lines.append(("hardware", f"{hardware['name']} hardware", hardware["price_cents"]))
    if config.reflective_trim:
        unit_lines.append(("reflective_trim", "Reflective trim", extras["reflective_trim"]))
    if config.front_d_ring:
        unit_lines.append(("front_d_ring", "Front D-ring", extras["front_d_ring"]))
    if config.grab_handle:
        unit_lines.append(("grab_handle", "Grab handle", extras["grab_handle"]))
    letters = sum(1 for ch in config.text if not ch.isspace())
    if letters:
        unit_lines.append(
            ("text", f"Personalised text, {letters} character{'s' * (letters != 1)}", letters * extras["per_character"])
        )
        font = opts["fonts"][config.font]
        if font["price_cents"]:
            unit_lines.append(("font", f"{font['name']} lettering", font["price_cents"]))
    if config.id_patch:
        unit_lines.append(("id_patch", "ID patch", extras["id_patch"]))
    if config.licence_tag:
        unit_lines.append(("licence_tag", f"Licence tag {config.licence_tag} with lookup QR code (included)", 0))
    return unit_lines
