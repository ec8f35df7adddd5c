"""Fitting a harness to one of the user's pets: the size to choose, and whether the pet is outgrowing one."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from allpetplus.builder import fit
from allpetplus.builder.service import pet_weights
from allpetplus.pet import service as pets
from allpetplus.pet.models import Breed
from allpetplus.user.models import UserProfile


@dataclass(frozen=True)
class Fitting:
    """The recommended size and why, and a growth alert for the size being designed ('' when none)."""

    recommendation: str
    recommended_size: str
    growth: str
    growth_size: str


def fit_for_pet(session: Session, user: UserProfile | None, pet_id: int, size: str) -> Fitting | None:
    """The size for the pet from its chest girth, latest weight and breed, and whether it is outgrowing ``size``;
    ``None`` when the pet is not one of the user's own."""
    pet = pets.own_pet(session, user, pet_id)
    if pet is None:
        return None
    breed = session.get(Breed, pet.breed_id) if pet.breed_id else None
    weights = pet_weights(session, pet)
    chest_cm = pet.chest_girth_mm / 10 if pet.chest_girth_mm else None
    rec = fit.recommend_size(
        chest_cm=chest_cm,
        weight_kg=weights[-1][1] / 1000 if weights else None,
        breed_name=breed.name if breed else "",
        breed_chest_cm=(breed.min_chest_mm / 10, breed.max_chest_mm / 10) if breed and breed.min_chest_mm else None,
        pet_name=pet.name,
    )
    alert = fit.growth_alert(size, chest_cm=chest_cm, weights=weights, pet_name=pet.name)
    return Fitting(
        recommendation=rec.reason,
        recommended_size=rec.size,
        growth=alert.message if alert else "",
        growth_size=alert.next_size if alert else "",
    )
