"""Cart totals: the one function that prices a whole cart, line by line, for the cart page and checkout.

Harness designs are priced by ``quote_harness``; variants by their catalog price. Then: the matching
set discount, a discount code, shipping and tax, all from the rules in ``order/data/rules.json``.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from allpetplus.core.money import format_money

RULES_FILE = Path(__file__).resolve().parents[1] / "order" / "data" / "rules.json"


@functools.cache
def rules() -> dict[str, Any]:
    """Shipping, tax and set-discount rules (data, not code)."""
    return json.loads(RULES_FILE.read_text())


class PricedLine(BaseModel):
    """A cart line as priced now."""

    id: int
    kind: str
    title: str
    sku: str
    unit_cents: int
    quantity: int
    amount_cents: int
    amount: str
    set_group: str
    available: bool
    note: str


class TotalLine(BaseModel):
    """A line of the totals (subtotal, discounts, shipping, tax)."""

    code: str
    label: str
    amount_cents: int
    amount: str


class CartTotals(BaseModel):
    """A priced cart."""

    lines: list[PricedLine]
    totals: list[TotalLine]
    subtotal_cents: int
    discount_cents: int
    shipping_cents: int
    tax_cents: int
    total_cents: int
    total: str
    currency: str


def _line(code: str, label: str, cents: int, currency: str) -> TotalLine:
    return TotalLine(code=code, label=label, amount_cents=cents, amount=format_money(cents, currency))


def price_cart(
    lines: list[PricedLine],
    *,
    code: dict[str, Any] | None = None,
    country: str = "",
    region: str = "",
    currency: str = "USD",
) -> CartTotals:
    """Total a cart: subtotal of available lines − set discount − code discount + shipping + tax."""
    r = rules()
    live = [line for line in lines if line.available]
    subtotal = sum(line.amount_cents for line in live)
    totals = [_line("subtotal", "Subtotal", subtotal, currency)]
    set_discount = 0
    groups: dict[str, int] = {}
    for line in live:
        if line.set_group:
            groups[line.set_group] = groups.get(line.set_group, 0) + line.amount_cents
    for amount in groups.values():
        set_discount += amount * r["matching_set"]["discount_percent"] // 100
    if set_discount:
        totals.append(
            _line(
                "set_discount", f"Matching set ({r['matching_set']['discount_percent']}% off)", -set_discount, currency
            )
        )
    code_discount = 0
    if code:
        base = subtotal - set_discount
        code_discount = base * code["value"] // 100 if code["kind"] == "percent" else min(code["value"], base)
        totals.append(_line("code", f"Code {code['code']}", -code_discount, currency))
    goods = subtotal - set_discount - code_discount
    shipping = 0 if not live or goods >= r["shipping"]["free_over_cents"] else r["shipping"]["flat_cents"]
    totals.append(
        _line("shipping", "Shipping" + (" (free over $75)" if live and not shipping else ""), shipping, currency)
    )
    rates = r["tax_basis_points"].get(country, {})
    basis_points = rates.get("regions", {}).get(region, rates.get("default", 0)) if rates else 0
    tax = (goods * basis_points + 5000) // 10000
    if country:
        totals.append(_line("tax", f"Tax ({basis_points / 100:g}%)", tax, currency))
    total = goods + shipping + tax
    return CartTotals(
        lines=lines,
        totals=totals,
        subtotal_cents=subtotal,
        discount_cents=set_discount + code_discount,
        shipping_cents=shipping,
        tax_cents=tax,
        total_cents=total,
        total=format_money(total, currency),
        currency=currency,
    )
