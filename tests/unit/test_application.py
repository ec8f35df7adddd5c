"""Use-cases that span domains (``allpetplus.application``), on a real (SQLite) database."""

import pytest

from allpetplus.application import account
from allpetplus.core.errors import ValidationFailed
from allpetplus.pet import service as pets
from allpetplus.user.models import UserProfile


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
