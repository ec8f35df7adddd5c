"""Pet rules on a real (SQLite) database: validation, the one primary pet, weights, vaccinations, access."""

from datetime import date, timedelta

import pytest
from sqlmodel import select

from allpetplus.core import clock
from allpetplus.core.errors import NotFound, ValidationFailed
from allpetplus.pet import service
from allpetplus.pet.models import PetProfile
from allpetplus.user.models import Role, UserProfile

TODAY = date(2026, 11, 26)


@pytest.fixture(autouse=True)
def _on_a_fixed_day():
    """Every test here runs on ``TODAY`` by the product's clock, whatever the real date."""
    with clock.travel_to(TODAY):
        yield


@pytest.fixture
def people(seeded):
    owner = UserProfile(email="owner@example.com", display_name="Owner")
    other = UserProfile(email="other@example.com")
    staff = UserProfile(email="staff@example.com", role=Role.ADMIN)
    seeded.add_all([owner, other, staff])
    seeded.commit()
    return owner, other, staff


def dog(name="Rex", **changes) -> service.PetInput:
    return service.PetInput(**{"name": name, "species": "dog", "breed": "Beagle", **changes})


def test_every_bad_field_is_named(seeded):
    with pytest.raises(ValidationFailed) as caught:
        service.validate_pet(
            seeded,
            service.PetInput(
                name=" ",
                species="dog",
                breed="Dragon",
                birth_date=TODAY + timedelta(days=1),
                chest_girth_cm=400,
                neck_cm=2,
                microchip="1234",
                life_status="ASLEEP",
            ),
        )
    errors = caught.value.errors
    assert set(errors) == {"name", "breed", "birth_date", "chest_girth_cm", "neck_cm", "microchip", "life_status"}
    assert "Dragon" in errors["breed"] and "future" in errors["birth_date"]


def test_breed_must_belong_to_the_species(seeded):
    with pytest.raises(ValidationFailed) as caught:
        service.validate_pet(seeded, service.PetInput(name="Tom", species="cat", breed="Beagle"))
    assert "for a cat" in caught.value.errors["breed"]
    values = service.validate_pet(seeded, service.PetInput(name="Tom", species="cat", breed="maine coon"))
    assert values["breed_id"] is not None


def test_a_measurement_that_is_not_a_number_is_named_beside_its_field(seeded):
    with pytest.raises(ValidationFailed) as caught:
        service.validate_pet(seeded, dog(chest_girth_cm=float("nan"), neck_cm=float("inf")))
    assert caught.value.errors == {
        "chest_girth_cm": "Enter a number of centimetres, e.g. 82.",
        "neck_cm": "Measure in centimetres: between 10 and 100.",
    }


def test_measurements_are_stored_in_millimetres(seeded):
    values = service.validate_pet(seeded, dog(chest_girth_cm=61.5, neck_cm=35, microchip="985 141 000 123 456"))
    assert values["chest_girth_mm"] == 615 and values["neck_mm"] == 350
    assert values["microchip"] == "985141000123456"


def test_first_pet_is_primary_and_switching_primary_clears_the_other(seeded, people):
    owner, _, _ = people
    first = service.create_pet(seeded, owner, dog("Rex"))
    second = service.create_pet(seeded, owner, dog("Bo"))
    assert first.is_primary and not second.is_primary
    service.set_primary(seeded, owner, second.id)
    seeded.commit()
    primaries = seeded.exec(select(PetProfile).where(PetProfile.user_id == owner.id, PetProfile.is_primary)).all()
    assert [p.name for p in primaries] == ["Bo"]


def test_deleting_the_primary_promotes_the_next_active_pet(seeded, people):
    owner, _, _ = people
    first = service.create_pet(seeded, owner, dog("Rex"))
    service.create_pet(seeded, owner, dog("Gone", life_status="DECEASED"))
    third = service.create_pet(seeded, owner, dog("Bo"))
    successor = service.delete_pet(seeded, owner, first.id)
    assert successor.id == third.id and successor.is_primary
    assert service.delete_pet(seeded, owner, third.id).name == "Gone"


def test_deleting_the_last_pet_leaves_no_primary(seeded, people):
    owner, _, _ = people
    only = service.create_pet(seeded, owner, dog())
    assert service.delete_pet(seeded, owner, only.id) is None
    assert service.list_pets(seeded, owner) == []


@pytest.mark.parametrize(("value", "unit"), [(0, "kg"), (-3, "kg"), (150, "kg"), (400, "lb"), (0.1, "kg")])
def test_impossible_weights_are_refused(seeded, people, value, unit):
    owner, _, _ = people
    pet = service.create_pet(seeded, owner, dog())
    with pytest.raises(ValidationFailed) as caught:
        service.add_weight(seeded, owner, pet.id, measured_on=TODAY, value=value, unit=unit)
    assert "weighs between" in caught.value.errors["weight"]


def test_weights_in_pounds_and_one_per_day(seeded, people):
    owner, _, _ = people
    pet = service.create_pet(seeded, owner, dog(birth_date=TODAY - timedelta(days=400)))
    service.add_weight(seeded, owner, pet.id, measured_on=TODAY, value=22, unit="lb")
    service.add_weight(seeded, owner, pet.id, measured_on=TODAY, value=10.5, unit="kg")
    view = service.view_pet(seeded, owner, pet.id)
    assert [w.weight_g for w in view.weights] == [10500]
    with pytest.raises(ValidationFailed) as caught:
        service.add_weight(seeded, owner, pet.id, measured_on=TODAY - timedelta(days=500), value=5)
    assert "before your pet was born" in caught.value.errors["measured_on"]


def test_vaccination_expiry_must_follow_the_date_given(seeded, people):
    owner, _, _ = people
    pet = service.create_pet(seeded, owner, dog())
    with pytest.raises(ValidationFailed) as caught:
        service.add_vaccination(
            seeded, owner, pet.id, name="Rabies", given_on=TODAY, expires_on=TODAY - timedelta(days=1)
        )
    assert "after the date given" in caught.value.errors["expires_on"]
    service.add_vaccination(
        seeded,
        owner,
        pet.id,
        name="Rabies",
        given_on=TODAY - timedelta(days=400),
        expires_on=TODAY - timedelta(days=35),
    )
    [vaccination] = service.view_pet(seeded, owner, pet.id).vaccinations
    assert vaccination.expired


def test_another_user_gets_not_found_for_everything(seeded, people):
    owner, other, staff = people
    pet = service.create_pet(seeded, owner, dog())
    seeded.commit()
    attempts = [
        lambda: service.view_pet(seeded, other, pet.id),
        lambda: service.update_pet(seeded, other, pet.id, dog("Stolen")),
        lambda: service.delete_pet(seeded, other, pet.id),
        lambda: service.set_primary(seeded, other, pet.id),
        lambda: service.add_weight(seeded, other, pet.id, measured_on=TODAY, value=10),
        lambda: service.add_vaccination(seeded, other, pet.id, name="Rabies", given_on=TODAY, expires_on=None),
    ]
    for attempt in attempts:
        with pytest.raises(NotFound):
            attempt()
    assert service.list_pets(seeded, other) == []
    assert service.view_pet(seeded, staff, pet.id).name == "Rex"
    assert seeded.get(PetProfile, pet.id).name == "Rex"


@pytest.mark.parametrize(
    ("born", "text"),
    [
        (date(2020, 1, 15), "6 years 10 months"),
        (date(2025, 11, 26), "1 year"),
        (date(2026, 4, 1), "7 months"),
        (date(2026, 11, 5), "3 weeks"),
        (date(2026, 11, 25), "newborn"),
    ],
)
def test_age_in_words(born, text):
    assert service.age_text(born, today=date(2026, 11, 26)) == text
