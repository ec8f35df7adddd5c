"""Money is integer cents; people read dollars."""

import pytest

from allpetplus.core.money import format_money, format_range


@pytest.mark.parametrize(
    ("cents", "currency", "text"),
    [
        (0, "USD", "$0.00"),
        (5, "USD", "$0.05"),
        (1999, "USD", "$19.99"),
        (123456789, "USD", "$1,234,567.89"),
        (-250, "USD", "-$2.50"),
        (1000, "eur", "€10.00"),
        (1000, "JPY", "10.00 JPY"),
    ],
)
def test_format_money(cents, currency, text):
    assert format_money(cents, currency) == text


def test_range_collapses_when_equal():
    assert format_range(1200, 1200) == "$12.00"
    assert format_range(1200, 1800) == "$12.00 – $18.00"


@pytest.mark.parametrize(
    ("cents", "currency", "text"),
    [(7500, "USD", "$75"), (7550, "USD", "$75.50"), (150000, "GBP", "£1,500"), (1000, "JPY", "10 JPY")],
)
def test_short_format_drops_only_zero_cents(cents, currency, text):
    assert format_money(cents, currency, short=True) == text
