"""Catalog management: staff change prices and stock (checked), take products off sale, and edit the
builder's palette, which the builder's validation follows at once."""

import pytest
from sqlmodel import select

from allpetplus.builder import staff as palette_staff
from allpetplus.builder.config import current_palette, forget_palette, validate_config
from allpetplus.catalog import staff
from allpetplus.catalog.models import Product, ProductVariant
from allpetplus.core.errors import PermissionDenied, ValidationFailed
from allpetplus.user.models import Role, UserProfile


@pytest.fixture
def admin(seeded):
    user = UserProfile(email="staff@example.com", role=Role.ADMIN)
    seeded.add(user)
    seeded.commit()
    forget_palette()
    yield user
    forget_palette()


def test_prices_and_stock_are_checked_and_saved(seeded, admin):
    variant = seeded.exec(select(ProductVariant).where(ProductVariant.sku == "DSB-OS-FOR")).one()
    with pytest.raises(ValidationFailed) as caught:
        staff.update_variant(seeded, admin, variant.id, "free", "-3")
    assert set(caught.value.errors) == {"price", "stock"}
    staff.update_variant(seeded, admin, variant.id, "$24.50", "7")
    assert (variant.price_cents, variant.stock) == (2450, 7)
    [row] = staff.products(seeded, admin, "DSB-OS")
    assert any(v.sku == "DSB-OS-FOR" and v.price == "$24.50" for v in row.variants)
    staff.set_product_active(seeded, admin, row.id, False)
    assert seeded.get(Product, row.id).is_active is False
    with pytest.raises(PermissionDenied):
        staff.update_variant(seeded, UserProfile(email="u@example.com"), variant.id, "1", "1")


def test_the_palette_is_edited_and_the_builder_follows(seeded, admin):
    with pytest.raises(ValidationFailed) as caught:
        palette_staff.save_colour(seeded, admin, slug="Moss!", name="", hex_colour="green", uses=[])
    assert set(caught.value.errors) == {"slug", "name", "hex", "uses"}
    palette_staff.save_colour(seeded, admin, slug="moss", name="Moss", hex_colour="#4A7C59", uses=["webbing"])
    seeded.commit()
    assert validate_config({"webbing_colour": "moss"}, current_palette()).webbing_colour == "moss"
    moss = next(c for c in palette_staff.palette(seeded, admin) if c.slug == "moss")
    assert (moss.hex, moss.uses, moss.is_active) == ("#4a7c59", ["webbing"], True)
    palette_staff.set_colour_active(seeded, admin, moss.id, False)
    seeded.commit()
    with pytest.raises(ValidationFailed):
        validate_config({"webbing_colour": "moss"}, current_palette())


def test_the_palette_offers_every_use_a_registered_product_type_asks_for():
    from allpetplus.builder import types

    asked = {use for kind in types.registry().values() for use in kind.colour_fields.values()}
    assert set(palette_staff.colour_uses()) == asked and palette_staff.colour_uses()[0] == "webbing"
