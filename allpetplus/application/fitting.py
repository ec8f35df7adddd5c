"""Fitting a design to one of the user's pets: the options to choose (the size; a leash's length, width and
handle), and whether the pet is outgrowing the size being designed."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session

from allpetplus.builder import types as product_types
from allpetplus.builder.design import Fit, ProductType
from allpetplus.builder.service import pet_weights
from allpetplus.pet import service as pets
from allpetplus.pet.models import Breed
from allpetplus.user.models import UserProfile


@dataclass(frozen=True)
class Fitting:
    """The recommendation and why, the options it sets, and a growth alert for the size being designed ('' when
    none)."""

    recommendation: str
    recommended_size: str
    growth: str
    growth_size: str
    #: The options the recommendation sets, by field (only fields the type has).
    recommended: dict[str, Any] = field(default_factory=dict)


def recommended_options(kind: ProductType, found: Fit) -> dict[str, Any]:
    """A type's fit as options of its design: the size (when the type has sizes) and whatever else it chose."""
    chosen = {"size": found.size, **found.options}
    return {name: value for name, value in chosen.items() if name in kind.config.model_fields}


def fit_for_pet(
    session: Session, user: UserProfile | None, pet_id: int, size: str,
    product_type: str = product_types.DEFAULT_TYPE,
) -> Fitting | None:  # fmt: skip
    """The options for the pet from its measurements (chest, neck), latest weight and breed, by ``product_type``'s
    fit, and whether it is outgrowing ``size``; ``None`` when the pet is not one of the user's own."""
    pet = pets.own_pet(session, user, pet_id)
    if pet is None:
        return None
    kind = product_types.product_type(product_type)
    breed = session.get(Breed, pet.breed_id) if pet.breed_id else None
    weights = pet_weights(session, pet)
    chest_cm = pet.chest_girth_mm / 10 if pet.chest_girth_mm else None
    found = kind.fit(
        chest_cm=chest_cm,
        neck_cm=pet.neck_mm / 10 if pet.neck_mm else None,
        weight_kg=weights[-1][1] / 1000 if weights else None,
        breed_name=breed.name if breed else "",
        breed_chest_cm=(breed.min_chest_mm / 10, breed.max_chest_mm / 10) if breed and breed.min_chest_mm else None,
        pet_name=pet.name,
    )
    recommended = recommended_options(kind, found)
    alert = kind.growth_alert(size, chest_cm=chest_cm, weights=weights, pet_name=pet.name) if kind.growth_alert \
        else None  # fmt: skip
    return Fitting(
        recommendation=found.reason,
        recommended_size=str(recommended.get("size", "")),
        growth=alert.message if alert else "",
        growth_size=alert.next_size if alert else "",
        recommended=recommended,
    )
