"""Use-cases that span domains (``allpetplus.application``), on a real (SQLite) database."""

import pytest

from allpetplus.application import account, checkout
from allpetplus.application.fitting import fit_for_pet
from allpetplus.builder.fit import size_for_chest
from allpetplus.cart import service as carts
from allpetplus.core.errors import ValidationFailed
from allpetplus.core.settings import settings
from allpetplus.pet import service as pets
from allpetplus.user.models import UserProfile
from tests.unit.test_builder_rules import PALETTE
from tests.unit.test_commerce import ADDRESS


@pytest.fixture
def owner_and_other(seeded):
    owner, other = UserProfile(email="owner@example.com"), UserProfile(email="other@example.com")
    seeded.add_all([owner, other])
    seeded.commit()
    return owner, other


def profile(**changes):
    return {"display_name": "Owner", "email": "owner@example.com", "units": "kg", "marketing_opt_in": False,
            "default_pet_id": None, **changes}  # fmt: skip


def test_the_default_pet_must_be_the_users_own_and_every_bad_field_is_named(seeded, owner_and_other):
    owner, other = owner_and_other
    mine = pets.create_pet(seeded, owner, pets.PetInput(name="Rex", species="dog"))
    theirs = pets.create_pet(seeded, other, pets.PetInput(name="Tom", species="cat"))
    with pytest.raises(ValidationFailed) as caught:
        account.update_profile(seeded, owner, **profile(units="stone", default_pet_id=theirs.id))
    assert set(caught.value.errors) == {"units", "default_pet_id"}
    assert caught.value.errors["default_pet_id"] == "Choose one of your own pets."
    assert owner.preferences.get("units") != "stone"  # nothing saved
    saved = account.update_profile(seeded, owner, **profile(display_name=" Rex's human ", default_pet_id=mine.id))
    assert saved.display_name == "Rex's human" and saved.preferences["default_pet_id"] == mine.id


def test_the_provider_is_card_when_stripe_is_configured_and_a_choice_only_where_offered(monkeypatch):
    monkeypatch.setattr(settings, "STRIPE_SECRET_KEY", "")
    assert checkout.payment_provider() == "invoice" and checkout.payment_provider("invoice") == "invoice"
    with pytest.raises(ValidationFailed, match="Card payments are not available"):
        checkout.payment_provider("stripe")
    with pytest.raises(ValidationFailed, match="Choose card or invoice"):
        checkout.payment_provider("cash")
    monkeypatch.setattr(settings, "STRIPE_SECRET_KEY", "sk_test_allpetplus")
    assert checkout.payment_provider() == "stripe" and checkout.payment_provider("invoice") == "invoice"


def test_a_cart_checked_out_on_invoice_has_nowhere_to_pay_online(seeded, monkeypatch):
    monkeypatch.setattr(settings, "STRIPE_SECRET_KEY", "")
    cart = carts.guest_cart(seeded, carts.new_guest_token())
    carts.add_variant(seeded, cart, "DSB-OS-FOR", 1)
    purchase = checkout.CartOrder(cart, "guest@example.com", ADDRESS, PALETTE)
    placed = checkout.checkout_and_pay(seeded, None, purchase, success_url="http://x/ok", cancel_url="http://x/no")
    assert placed.pay_url == "" and placed.order.provider == "invoice" and placed.order.email == "guest@example.com"


def test_fitting_recommends_from_the_pets_chest_and_only_for_the_users_own_pet(seeded, owner_and_other):
    owner, other = owner_and_other
    rex = pets.create_pet(seeded, owner, pets.PetInput(name="Rex", species="dog", chest_girth_cm=60))
    fitting = fit_for_pet(seeded, owner, rex.id, "M")
    assert fitting.recommended_size == size_for_chest(60) and "Rex" in fitting.recommendation
    assert fit_for_pet(seeded, other, rex.id, "M") is None and fit_for_pet(seeded, None, rex.id, "M") is None


def test_a_collar_is_sized_from_the_pets_neck_and_a_leash_from_its_size(seeded, owner_and_other):
    owner, _ = owner_and_other
    biscuit = pets.create_pet(seeded, owner, pets.PetInput(name="Biscuit", species="dog", chest_girth_cm=60,
                                                           neck_cm=31))  # fmt: skip
    collar = fit_for_pet(seeded, owner, biscuit.id, "M", "collar")
    assert "Biscuit's neck is 31 cm" in collar.recommendation and collar.recommended == {
        "size": collar.recommended_size
    }
    assert collar.growth == ""  # a collar has no growth alert of its own
    leash = fit_for_pet(seeded, owner, biscuit.id, "M", "leash")
    assert set(leash.recommended) == {"length", "width_mm", "handle"} and leash.recommended_size == ""
    # With only a chest girth, the collar's neck is estimated from it, and says so.
    rex = pets.create_pet(seeded, owner, pets.PetInput(name="Rex", species="dog", chest_girth_cm=60))
    assert "estimated from the chest" in fit_for_pet(seeded, owner, rex.id, "M", "collar").recommendation
