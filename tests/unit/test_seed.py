"""Seed data: loaded once, a second run changes nothing, staff edits survive."""

from sqlalchemy import text
from sqlmodel import select

from allpetplus.catalog.models import ProductVariant
from allpetplus.pet.models import PetProfile, PetWeight
from allpetplus.seed import load_seed
from allpetplus.tables import metadata
from allpetplus.user.models import UserProfile


def snapshot(session) -> dict[str, list]:
    return {
        name: [tuple(row) for row in session.execute(text(f"SELECT * FROM {name} ORDER BY id"))]
        for name in sorted(metadata.tables)
    }


def test_second_run_changes_nothing(session):
    created = load_seed(session)
    session.commit()
    assert created["product"] >= 10 and created["breed"] >= 30 and created["user_profile"] == 1
    before = snapshot(session)
    assert load_seed(session) == {}
    session.commit()
    assert snapshot(session) == before


def test_staff_edits_are_not_overwritten(session):
    load_seed(session)
    variant = session.exec(select(ProductVariant).where(ProductVariant.sku == "TRL-M-OCE")).one()
    variant.price_cents = 4100
    session.add(variant)
    session.commit()
    load_seed(session)
    session.commit()
    session.refresh(variant)
    assert variant.price_cents == 4100


def test_demo_user_has_two_pets_one_primary_with_weight_history(seeded):
    user = seeded.exec(select(UserProfile).where(UserProfile.email == "demo@allpetplus.example")).one()
    pets = seeded.exec(select(PetProfile).where(PetProfile.user_id == user.id)).all()
    assert len(pets) == 2
    assert sum(p.is_primary for p in pets) == 1
    for pet in pets:
        weights = seeded.exec(select(PetWeight).where(PetWeight.pet_id == pet.id)).all()
        assert len(weights) >= 3


def test_breed_reference_data_has_sane_weight_ranges(seeded):
    from allpetplus.pet.models import Breed, Species

    rows = seeded.exec(select(Breed, Species).join(Species)).all()
    assert {s.slug for _, s in rows} == {"dog", "cat"}
    for breed, _ in rows:
        assert 0 < breed.min_weight_g < breed.max_weight_g, breed.slug
        assert breed.min_chest_mm < breed.max_chest_mm, breed.slug
