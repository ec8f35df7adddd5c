"""Saved designs: validated and priced by the server on save, owned, duplicated, shared, put in the cart."""

import pytest
from sqlmodel import select

from allpetplus.application import designs as design_rules
from allpetplus.builder import service as designs
from allpetplus.builder.models import SavedDesign
from allpetplus.cart import service as cart
from allpetplus.core.errors import NotFound, ValidationFailed
from allpetplus.pet.models import PetProfile
from allpetplus.user.models import UserProfile
from tests.unit.test_builder_rules import PALETTE


@pytest.fixture
def people(session, engine):
    owner, other = UserProfile(email="owner@example.com"), UserProfile(email="other@example.com")
    session.add_all([owner, other])
    session.commit()
    return owner, other


def test_save_prices_on_the_server_and_ignores_client_prices(session, people):
    owner, _ = people
    with pytest.raises(ValidationFailed) as caught:
        designs.save_design(session, owner, config={"price_cents": 1}, palette=PALETTE, name="Cheap")
    assert "price_cents" in caught.value.errors
    design = designs.save_design(
        session, owner, config={"size": "L", "grab_handle": True}, palette=PALETTE, name=" Trail ", status="ACTIVE"
    )
    assert design.name == "Trail" and design.status.value == "ACTIVE"
    assert design.price_cents == 4200 + 500


def test_pet_must_be_the_users_own(session, people, seeded):
    owner, other = people
    pet = PetProfile(user_id=other.id, name="Theirs", species_id=1)
    session.add(pet)
    session.commit()
    with pytest.raises(ValidationFailed) as caught:
        designs.save_design(session, owner, config={}, palette=PALETTE, name="Mine", pet_id=pet.id)
    assert "your own pets" in caught.value.errors["pet_id"]


def test_other_users_cannot_open_change_or_delete_a_design(session, people):
    owner, other = people
    design = designs.save_design(session, owner, config={}, palette=PALETTE, name="Mine")
    for attempt in (
        lambda: designs.get_design(session, other, design.id),
        lambda: designs.rename_design(session, other, design.id, "Stolen"),
        lambda: designs.duplicate_design(session, other, design.id),
        lambda: designs.delete_design(session, other, design.id),
        lambda: designs.share_design(session, other, design.id),
        lambda: designs.save_design(session, other, config={}, palette=PALETTE, name="x", design_id=design.id),
        lambda: cart.add_design(session, other, design.id, PALETTE),
    ):
        with pytest.raises(NotFound):
            attempt()
    assert session.get(SavedDesign, design.id).name == "Mine"


def test_duplicate_rename_delete(session, people):
    owner, _ = people
    design = designs.save_design(session, owner, config={"style": "vest"}, palette=PALETTE, name="Vesty")
    copy = designs.duplicate_design(session, owner, design.id)
    assert copy.name == "Vesty (copy)" and copy.config == design.config and copy.status.value == "DRAFT"
    designs.rename_design(session, owner, copy.id, "Winter vest")
    with pytest.raises(ValidationFailed):
        designs.rename_design(session, owner, copy.id, "  ")
    designs.delete_design(session, owner, design.id)
    assert [d.name for d in designs.list_designs(session, owner)] == ["Winter vest"]


def test_share_token_opens_a_copy_for_anyone(session, people):
    owner, _ = people
    design = designs.save_design(session, owner, config={"webbing_colour": "berry"}, palette=PALETTE, name="Berry")
    token = designs.share_design(session, owner, design.id)
    assert designs.share_design(session, owner, design.id) == token
    assert designs.shared_design(session, token).config["webbing_colour"] == "berry"
    with pytest.raises(NotFound):
        designs.shared_design(session, "guessed-token")


def test_cart_gets_the_server_price_and_a_snapshot(session, people):
    owner, _ = people
    design = designs.save_design(session, owner, config={"quantity": 2, "text": "REX"}, palette=PALETTE, name="Twins")
    line = cart.add_design(session, owner, design.id, PALETTE)
    assert line.unit_cents == 3900 + 3 * 150 and line.quantity == 2
    design.config = {**design.config, "webbing_colour": "forest"}
    session.add(design)
    session.commit()
    assert session.exec(select(type(line))).one().config["webbing_colour"] == "ocean"
    assert cart.summary(session, owner).total == "$87.00"


def test_a_guest_puts_the_design_on_screen_in_their_cart_priced_by_the_server(session, people):
    owner, other = people
    guest = cart.guest_cart(session, cart.new_guest_token())
    line = design_rules.add_configuration_to_cart(
        session, None, guest, config={"size": "L", "quantity": 2}, palette=PALETTE, name="  "
    )
    assert (line.unit_cents, line.quantity, line.design_id) == (4200, 2, None)
    assert line.title == "Custom harness: My harness" and line.config["size"] == "L"
    with pytest.raises(ValidationFailed):  # no client price, no licence tag that is not the person's
        design_rules.add_configuration_to_cart(session, None, guest, config={"licence_tag": "X-1"}, palette=PALETTE,
                                               name="Tagged")  # fmt: skip
    design = designs.save_design(session, owner, config={}, palette=PALETTE, name="Mine")
    with pytest.raises(NotFound):  # another person's saved design cannot be linked
        design_rules.add_configuration_to_cart(session, other, cart.cart_for(session, other), config={},
                                               palette=PALETTE, name="x", design_id=design.id)  # fmt: skip
