"""The one pricing function for harnesses: builder preview, cart and checkout all call ``quote_harness``.

Every amount is integer cents. The quote is a list of lines (each already multiplied by the
quantity) whose sum is the total, so the breakdown shown is exactly what is charged.
"""

from __future__ import annotations

from pydantic import BaseModel

from allpetplus.builder.config import HarnessConfig, options
from allpetplus.core.money import format_money


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


def quote_harness(config: HarnessConfig) -> Quote:
    """Price a (validated) configuration, line by line."""
    opts = options()
    extras = opts["extras_cents"]
    currency = opts["currency"]
    qty = config.quantity
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
    suffix = f" × {qty}" if qty > 1 else ""
    lines = [
        QuoteLine(code=code, label=label + suffix, amount_cents=cents * qty, amount=format_money(cents * qty, currency))
        for code, label, cents in unit_lines
    ]
    unit = sum(cents for _, _, cents in unit_lines)
    total = sum(line.amount_cents for line in lines)
    return Quote(
        lines=lines,
        unit_cents=unit,
        quantity=qty,
        total_cents=total,
        total=format_money(total, currency),
        currency=currency,
    )
