"""Money is integer cents plus an ISO currency code; this formats it for people."""

from __future__ import annotations

_SYMBOLS = {"USD": "$", "CAD": "CA$", "EUR": "€", "GBP": "£", "AUD": "A$"}


def format_money(cents: int, currency: str = "USD", *, short: bool = False) -> str:
    """``1999, "USD"`` → ``"$19.99"``; negative amounts keep their sign in front.

    ``short`` leaves out the cents of a whole amount (``"$75"``), as a headline or a price filter reads.
    """
    sign = "-" if cents < 0 else ""
    whole, frac = divmod(abs(int(cents)), 100)
    symbol = _SYMBOLS.get(currency.upper())
    amount = f"{whole:,}" if short and not frac else f"{whole:,}.{frac:02d}"
    return f"{sign}{symbol}{amount}" if symbol else f"{sign}{amount} {currency.upper()}"


def format_range(low_cents: int, high_cents: int, currency: str = "USD") -> str:
    """A price, or a range ``"$12.00 – $18.00"`` when the two ends differ."""
    if low_cents == high_cents:
        return format_money(low_cents, currency)
    return f"{format_money(low_cents, currency)} – {format_money(high_cents, currency)}"
