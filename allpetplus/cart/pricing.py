"""Cart totals: the one function that prices a whole cart, line by line, for the cart page and checkout.

Harness designs are priced by ``quote_harness``; variants by their catalog price. Then: the matching
set discount, a discount code, shipping and tax, all from the rules in ``cart/data/rules.json``.
"""

from __future__ import annotations

import functools
import json
from datetime import timedelta
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from allpetplus.core.money import format_money

RULES_FILE = Path(__file__).resolve().parent / "data" / "rules.json"


@functools.cache
def rules() -> dict[str, Any]:
    """Shipping, tax and set-discount rules (data, not code)."""
    return json.loads(RULES_FILE.read_text())


def shop_currency() -> str:
    """The currency the rules' amounts (shipping, the free-shipping threshold) are written in."""
    return rules()["currency"]


def free_shipping_threshold() -> int:
    """The goods total, in cents, from which shipping is free."""
    return rules()["shipping"]["free_over_cents"]


def free_shipping_offer() -> str:
    """The free-shipping rule as shoppers read it: ``"Free shipping over $75"``."""
    return f"Free shipping over {format_money(free_shipping_threshold(), shop_currency(), short=True)}"


def shipping_countries() -> dict[str, str]:
    """The countries the shop ships to, code → name."""
    return rules()["countries"]


def payment_window(provider: str) -> timedelta:
    """How long an order paid through ``provider`` ("invoice", "stripe") waits for its payment before it is
    cancelled."""
    return timedelta(hours=rules()["unpaid_order_hours"][provider])


def set_discount_percent() -> int:
    """What a complete matching set takes off the price of its parts, in percent."""
    return rules()["matching_set"]["discount_percent"]


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
    set_part: str = ""  # for a line of a matching set: which part it is (a category slug of the set)
    image: str = ""  # its picture (``allpetplus.application.pictures``), when rendered
    image_alt: str = ""


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
    code: str = ""  # the code attached to the cart, applied or not
    code_problem: str = ""  # why the attached code does not apply now ('' when it does)


def _line(code: str, label: str, cents: int, currency: str) -> TotalLine:
    return TotalLine(code=code, label=label, amount_cents=cents, amount=format_money(cents, currency))


def complete_sets(lines: list[PricedLine]) -> dict[str, tuple[int, int]]:
    """Per matching set in the cart: how many complete sets it holds (every part of the set, as many times
    as its scarcest part) and the price of one such set. Partial sets are not sets."""
    parts = rules()["matching_set"]["categories"]
    groups: dict[str, dict[str, list[PricedLine]]] = {}
    for line in lines:
        if line.set_group and line.set_part in parts:
            groups.setdefault(line.set_group, {}).setdefault(line.set_part, []).append(line)
    sets = {}
    for group, by_part in groups.items():
        if set(by_part) != set(parts):
            continue
        count = min(sum(line.quantity for line in part_lines) for part_lines in by_part.values())
        if count:
            sets[group] = (count, sum(min(line.unit_cents for line in part_lines) for part_lines in by_part.values()))
    return sets


def set_discount(lines: list[PricedLine]) -> tuple[int, int]:
    """The matching-set discount of these lines and the number of complete sets it is for."""
    percent = set_discount_percent()
    sets = complete_sets(lines).values()
    return sum(count * price * percent // 100 for count, price in sets), sum(count for count, _ in sets)


def price_cart(
    lines: list[PricedLine],
    *,
    code: dict[str, Any] | None = None,
    country: str = "",
    region: str = "",
    currency: str = "USD",
) -> CartTotals:
    """Total a cart: subtotal of available lines − set discount − code discount + shipping + tax.

    ``code`` is the cart's discount code (``code``, ``kind``, ``value``) as checked by the caller
    (``cart.service.code_problem``); when its ``problem`` is not empty it takes nothing off and the
    totals say why.
    """
    r = rules()
    live = [line for line in lines if line.available]
    subtotal = sum(line.amount_cents for line in live)
    totals = [_line("subtotal", "Subtotal", subtotal, currency)]
    sets_off, sets = set_discount(live)
    if sets_off:
        percent = set_discount_percent()
        label = f"Matching set ({percent}% off)" if sets == 1 else f"Matching sets × {sets} ({percent}% off)"
        totals.append(_line("set_discount", label, -sets_off, currency))
    code_discount = 0
    problem = (code or {}).get("problem", "")
    if code and not problem:
        base = subtotal - sets_off
        code_discount = base * code["value"] // 100 if code["kind"] == "percent" else min(code["value"], base)
        totals.append(_line("code", f"Code {code['code']}", -code_discount, currency))
    goods = subtotal - sets_off - code_discount
    free_over = free_shipping_threshold()
    shipping = 0 if not live or goods >= free_over else r["shipping"]["flat_cents"]
    free_note = f" (free over {format_money(free_over, currency)})" if live and not shipping else ""
    totals.append(_line("shipping", "Shipping" + free_note, shipping, currency))
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
        discount_cents=sets_off + code_discount,
        shipping_cents=shipping,
        tax_cents=tax,
        total_cents=total,
        total=format_money(total, currency),
        currency=currency,
        code=code["code"] if code else "",
        code_problem=problem,
    )
