"""Numbers, statuses and moments as people read them."""

from datetime import UTC, date, datetime

from allpetplus.core.words import day, iso, plural, status_word
from allpetplus.order.models import OrderStatus
from allpetplus.storefront.shopper import cart_page


def test_plurals_follow_the_count():
    assert [plural(n, "pet") for n in (0, 1, 2)] == ["0 pets", "1 pet", "2 pets"]
    assert plural(2, "box") == "2 boxes" and plural(3, "custom harness", "custom harnesses") == "3 custom harnesses"


def test_statuses_read_as_words():
    assert status_word(OrderStatus.AWAITING_PAYMENT) == "Awaiting payment"
    assert status_word("ACTIVE") == "Active" and status_word("partially_refunded") == "Partly refunded"
    assert status_word(None) == ""


def test_days_and_moments():
    assert day(date(2026, 12, 1)) == "1 Dec 2026"
    assert iso(datetime(2026, 12, 1, 2, 34, 14)) == "2026-12-01T02:34:14+00:00"  # stored moments are UTC
    assert iso(datetime(2026, 12, 1, 2, 34, tzinfo=UTC)).endswith("+00:00") and iso(None) == ""


def test_the_cart_button_reaches_the_one_cart_from_every_app():
    assert cart_page(False, "products") == cart_page(True, "products") == "/cart"
    assert cart_page(False, "licensing").endswith("/cart") and "://" in cart_page(False, "licensing")
    assert "/auth/handoff?app=products&next=/cart" in cart_page(True, "allpetplus")
