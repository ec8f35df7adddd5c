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


def test_a_designed_harness_collar_and_leash_are_a_matching_set_with_its_discount(seeded, shopper):  # noqa: F811
    from allpetplus.application import designs as design_rules
    from allpetplus.builder import types

    user, _ = shopper
    cart = carts.cart_for(seeded, user)
    harness = {"webbing_colour": "berry", "text": "Biscuit"}
    matched = {slug: types.matching(types.validate({}, PALETTE, slug), types.validate(harness, PALETTE), PALETTE)
               for slug in ("collar", "leash")}  # fmt: skip
    configs = {"harness": harness, **{slug: config.normalised() for slug, config in matched.items()}}
    with pytest.raises(ValidationFailed, match="one harness, one collar and one leash"):
        design_rules.add_set_to_cart(seeded, user, cart, configs={"harness": harness, "collar": configs["collar"]},
                                     palette=PALETTE, name="Biscuit's set")  # fmt: skip
    lines = design_rules.add_set_to_cart(seeded, user, cart, configs=configs, palette=PALETTE, name="Biscuit's set")
    assert len({line.set_group for line in lines}) == 1 and [line.product_type for line in lines] == [
        "harness", "collar", "leash"]  # fmt: skip
    totals = carts.totals(seeded, cart)
    parts = sum(line.unit_cents for line in lines)
    [discount] = [line for line in totals.totals if line.code == "set_discount"]
    assert discount.amount_cents == -(parts * 10 // 100)
    assert {line.set_part for line in totals.lines} == {"harnesses", "collars", "leashes"}
    carts.remove_line(seeded, cart, lines[1].id)  # a set goes as a whole
    assert carts.totals(seeded, cart).lines == []


def test_a_set_saved_over_several_visits_is_found_again_and_its_lines_name_the_saved_designs(seeded, shopper):  # noqa: F811
    from allpetplus.application import designs as design_rules
    from allpetplus.core.errors import NotFound
    from allpetplus.user.models import UserProfile

    user, _ = shopper
    saved = {slug: design_rules.save_design(seeded, user, config={"text": "Biscuit"}, palette=PALETTE,
                                            name=f"Biscuit's {slug}", product_type=slug)  # fmt: skip
             for slug in ("harness", "collar", "leash")}  # fmt: skip
    older = design_rules.save_design(seeded, user, config={}, palette=PALETTE, name="Old collar", product_type="collar")
    older.updated_at = saved["collar"].updated_at.replace(year=2020)
    found = designs.latest_designs(seeded, user, ["collar", "leash"], pet_id=None)
    assert {slug: d.id for slug, d in found.items()} == {"collar": saved["collar"].id, "leash": saved["leash"].id}
    assert [d.name for d in designs.designs_of_type(seeded, user, "harness")] == ["Biscuit's harness"]

    cart = carts.cart_for(seeded, user)
    configs = {slug: design.config for slug, design in saved.items()}
    ids = {slug: design.id for slug, design in saved.items()}
    lines = design_rules.add_set_to_cart(seeded, user, cart, configs=configs, palette=PALETTE, name="Set",
                                         design_ids=ids)  # fmt: skip
    assert {line.design_id for line in lines} == set(ids.values())
    assert sorted(line.title for line in lines) == [f"Custom {noun}: Biscuit's {noun}" for noun in ("collar", "harness",
                                                                                                  "leash")]  # fmt: skip

    stranger = UserProfile(email="stranger@example.com")
    seeded.add(stranger)
    seeded.flush()
    with pytest.raises(NotFound):  # someone else's saved design never links to a line
        design_rules.add_set_to_cart(seeded, stranger, carts.cart_for(seeded, stranger), configs=configs,
                                     palette=PALETTE, name="Set", design_ids=ids)  # fmt: skip
