"""Jurisdiction rules (``data/jurisdictions.json``) and the one licence fee function.

The fee shown to the applicant, stored on the application and charged at payment all come from
``licence_fee``. Rules, in order: the base fee for the species, term and altered status; a service
animal pays no licence fee (the waiver cancels the base fee); otherwise an owner of ``senior_age`` or
more gets ``senior_discount_percent`` off the base fee; a renewal made more than ``grace_days`` after
the previous licence expired adds ``late_fee`` (also for service animals).
"""

from __future__ import annotations

import functools
import json
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from allpetplus.core.errors import ValidationFailed
from allpetplus.core.money import format_money

DATA = Path(__file__).parent / "data" / "jurisdictions.json"
TERMS = (1, 3)


@functools.cache
def jurisdictions() -> dict[str, dict[str, Any]]:
    """Every jurisdiction's rules, by code."""
    return json.loads(DATA.read_text())


def jurisdiction(code: str) -> dict[str, Any]:
    """One jurisdiction's rules (a clear error for an unknown code)."""
    try:
        return jurisdictions()[code]
    except KeyError:
        raise ValidationFailed.one("jurisdiction", "Choose where your pet lives.") from None


def species_words(rules: dict[str, Any]) -> str:
    """``["dog", "cat"]`` → ``"dogs and cats"``."""
    return " and ".join(f"{species}s" for species in rules["species"])


class FeeLine(BaseModel):
    """One line of the fee breakdown."""

    label: str
    cents: int
    amount: str


class FeeQuote(BaseModel):
    """A licence fee, line by line; the lines add up to the total."""

    lines: list[FeeLine]
    total_cents: int
    total: str
    currency: str


def years_between(born: date, on: date) -> int:
    """Whole years from ``born`` to ``on``."""
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def licence_fee(
    code: str,
    *,
    species: str,
    altered: bool,
    term_years: int,
    owner_age: int | None = None,
    service_animal: bool = False,
    days_since_previous_expiry: int | None = None,
) -> FeeQuote:
    """The fee for one licence under jurisdiction ``code``'s rules."""
    rules = jurisdiction(code)
    if species not in rules["species"]:
        raise ValidationFailed.one("species", f"{rules['name']} licenses {species_words(rules)} only.")
    if term_years not in TERMS:
        raise ValidationFailed.one("term_years", "Choose a 1-year or a 3-year licence.")
    currency = rules["currency"]
    lines: list[tuple[str, int]] = []
    kind = "altered" if altered else "unaltered"
    base = rules["fees"][species][str(term_years)][kind]
    years = "1 year" if term_years == 1 else f"{term_years} years"
    lines.append((f"Licence fee: {kind} {species}, {years}", base))
    if service_animal and rules["service_animal_waiver"]:
        lines.append(("Service animal: licence fee waived", -base))
    elif owner_age is not None and owner_age >= rules["senior_age"]:
        percent = rules["senior_discount_percent"]
        lines.append((f"Senior owner discount ({percent}%)", -(base * percent // 100)))
    if days_since_previous_expiry is not None and days_since_previous_expiry > rules["grace_days"]:
        lines.append((f"Late fee (renewed more than {rules['grace_days']} days after expiry)", rules["late_fee"]))
    total = sum(cents for _, cents in lines)
    return FeeQuote(
        lines=[FeeLine(label=label, cents=cents, amount=format_money(cents, currency)) for label, cents in lines],
        total_cents=total,
        total=format_money(total, currency),
        currency=currency,
    )
