"""A collar and a leash designed in the builder go through the shop like a harness: saved with their type, put in
the cart under their own name, priced by their own rules, frozen on the order, read out to the workshop, drawn in
the pictures; a design of a type no longer registered is refused, not mispriced."""

import pytest

from allpetplus.application import pictures
from allpetplus.builder import service as designs
from allpetplus.cart import service as carts
from allpetplus.core.errors import ValidationFailed
from allpetplus.order import fulfilment
from allpetplus.order import service as orders
from tests.unit.test_builder_rules import PALETTE
from tests.unit.test_commerce import ADDRESS, shopper  # noqa: F401 - the fixture


def test_a_collar_and_a_leash_are_saved_bought_and_made_as_designed(seeded, shopper, monkeypatch):  # noqa: F811
    user, staff = shopper
    monkeypatch.setattr(pictures, "current_palette", lambda: PALETTE)
    collar = designs.save_design(seeded, user, config={"size": "S", "name_plate": True, "text": "Biscuit"},
                                 palette=PALETTE, name="Biscuit's collar", product_type="collar")  # fmt: skip
    leash = designs.save_design(seeded, user, config={"length": "3", "handle": "traffic", "quantity": 2},
                                palette=PALETTE, name="Town lead", product_type="leash")  # fmt: skip
    assert (collar.product_type, collar.price_cents) == ("collar", 1800 + 900)
    assert (leash.product_type, leash.price_cents) == ("leash", 2 * (3200 + 600))
    listed = {summary.name: summary for summary in designs.list_designs(seeded, user)}
    assert (listed["Biscuit's collar"].type_name, listed["Town lead"].type_name) == ("Collar", "Leash")
    copy = designs.duplicate_design(seeded, user, collar.id)
    assert copy.product_type == "collar"

    cart = carts.cart_for(seeded, user)
    carts.add_design(seeded, user, collar.id, PALETTE)
    carts.add_design(seeded, user, leash.id, PALETTE)
    titles = [line.title for line in carts.totals(seeded, cart).lines]
    assert titles == ["Custom collar: Biscuit's collar", "Custom leash: Town lead"]
    order = orders.checkout(seeded, cart, user=user, email="", address=ADDRESS, palette=PALETTE)
    assert order.total_cents - order.shipping_cents - order.tax_cents == 2700 + 7600
    view = orders.view_order(seeded, user, order.id)
    assert [line.breakdown[0]["label"] for line in view.lines] == ["Collar, 20 mm, size S",
                                                                   "Leash, 3 m, 20 mm × 2"]  # fmt: skip

    workshop = fulfilment.staff_order(seeded, staff, order.id)
    made = {line.title: line.design for line in workshop.lines}
    assert made["Custom collar: Biscuit's collar"][-1] == "Name plate, engraved “Biscuit”"
    assert made["Custom leash: Town lead"][1].startswith("Webbing Ocean")
    picture = pictures.config_picture({"size": "S", "name_plate": True}, "Biscuit's collar", "collar", render=True)
    assert picture is not None and picture.alt == "Biscuit's collar: Collar, 20 mm, size S, Ocean Blue webbing"


def test_a_design_of_an_unknown_type_is_refused(seeded, shopper):  # noqa: F811
    user, _ = shopper
    with pytest.raises(ValidationFailed, match="Choose a product to design"):
        designs.save_design(seeded, user, config={}, palette=PALETTE, name="Cape", product_type="cape")
    assert pictures.config_picture({}, "Cape", "cape") is None
