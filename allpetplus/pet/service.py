"""Pet rules: profiles, the one primary pet, weights, measurements, vaccinations, life status, photos."""

from __future__ import annotations

import math
import re
from datetime import date

from pydantic import BaseModel
from sqlalchemy import func
from sqlmodel import Session, col, select

from allpetplus.core import clock, media
from allpetplus.core.errors import NotFound, ValidationFailed
from allpetplus.core.inputs import excerpt
from allpetplus.core.models import utcnow
from allpetplus.core.outbox import publish
from allpetplus.document import service as documents
from allpetplus.pet.models import Breed, LifeStatus, PetProfile, PetVaccination, PetWeight, Species
from allpetplus.user.models import UserProfile
from allpetplus.user.permissions import owned_or_404, require_user

#: The lightest and heaviest weight that can be right for a species, in grams.
WEIGHT_BOUNDS_G = {"dog": (300, 120_000), "cat": (100, 15_000)}
CHEST_BOUNDS_CM = (15, 150)
NECK_BOUNDS_CM = (10, 100)
MAX_AGE_YEARS = 30
GRAMS_PER_POUND = 453.59237
_MICROCHIP = re.compile(r"^(\d{15}|\d{10}|\d{9})$")


class PetInput(BaseModel):
    """What an owner types in the pet form; checked by ``validate_pet``."""

    name: str
    species: str
    breed: str = ""
    birth_date: date | None = None
    chest_girth_cm: float | None = None
    neck_cm: float | None = None
    microchip: str = ""
    life_status: str = LifeStatus.ACTIVE.value


class WeightPoint(BaseModel):
    """One weighing, in grams."""

    measured_on: str
    weight_g: int


class VaccinationView(BaseModel):
    """A vaccination as the owner sees it."""

    id: int
    name: str
    given_on: str
    expires_on: str
    expired: bool
    document_url: str  # a short-lived link made for the viewer ('' without a certificate)


class PetView(BaseModel):
    """A pet as its owner sees it on the dashboard."""

    id: int
    name: str
    species: str
    species_name: str
    breed: str
    birth_date: str
    age: str
    chest_girth_cm: float | None
    neck_cm: float | None
    microchip: str
    photo_url: str
    is_primary: bool
    life_status: str
    weights: list[WeightPoint]
    vaccinations: list[VaccinationView]


# ---------------------------------------------------------------- reference data


def species_options(session: Session) -> list[Species]:
    """Every species, in name order."""
    return list(session.exec(select(Species).order_by(Species.name)))


def breeds_for(session: Session, species_slug: str, query: str = "") -> list[Breed]:
    """The breeds of a species, optionally only those whose name contains ``query``."""
    stmt = select(Breed).join(Species).where(Species.slug == species_slug).order_by(Breed.name)
    if query.strip():
        stmt = stmt.where(col(Breed.name).ilike(f"%{query.strip()}%"))
    return list(session.exec(stmt))


def _species(session: Session, slug: str) -> Species | None:
    return session.exec(select(Species).where(Species.slug == slug)).first()


def _breed_named(session: Session, species: Species, name: str) -> Breed | None:
    wanted = name.strip().lower()
    return session.exec(
        select(Breed).where(Breed.species_id == species.id, (func.lower(Breed.name) == wanted) | (Breed.slug == wanted))
    ).first()


# ---------------------------------------------------------------- validation


def age_text(birth_date: date | None, today: date | None = None) -> str:
    """A pet's age in words: "3 years 2 months", "7 months", "3 weeks"."""
    if birth_date is None:
        return ""
    today = today or clock.today()
    months = (today.year - birth_date.year) * 12 + today.month - birth_date.month - (today.day < birth_date.day)
    if months >= 12:
        years, rest = divmod(months, 12)
        text = f"{years} year{'s' * (years != 1)}"
        return text + (f" {rest} month{'s' * (rest != 1)}" if rest else "")
    if months >= 1:
        return f"{months} month{'s' * (months != 1)}"
    weeks = max(0, (today - birth_date).days // 7)
    return f"{weeks} week{'s' * (weeks != 1)}" if weeks else "newborn"


def validate_pet(session: Session, data: PetInput, today: date | None = None) -> dict:
    """The column values for ``data``, or ``ValidationFailed`` naming every bad field."""
    today = today or clock.today()
    errors: dict[str, str] = {}
    values: dict = {}
    name = data.name.strip()
    if not name:
        errors["name"] = "Give your pet a name."
    elif len(name) > 64:
        errors["name"] = "Use at most 64 characters."
    values["name"] = name
    species = _species(session, data.species)
    if species is None:
        errors["species"] = "Choose dog or cat."
    else:
        values["species_id"] = species.id
        values["breed_id"] = None
        if data.breed.strip():
            breed = _breed_named(session, species, data.breed)
            if breed is None:
                errors["breed"] = (
                    f"We don't know the breed “{excerpt(data.breed.strip())}” for a {species.name.lower()}; "
                    "pick one from the list."
                )
            else:
                values["breed_id"] = breed.id
    if data.birth_date is not None:
        if data.birth_date > today:
            errors["birth_date"] = "The birth date can't be in the future."
        elif data.birth_date.year < today.year - MAX_AGE_YEARS:
            errors["birth_date"] = f"That would make your pet older than {MAX_AGE_YEARS} years; check the year."
    values["birth_date"] = data.birth_date
    for field, bounds, column in (
        ("chest_girth_cm", CHEST_BOUNDS_CM, "chest_girth_mm"),
        ("neck_cm", NECK_BOUNDS_CM, "neck_mm"),
    ):
        value = getattr(data, field)
        if value is not None and value != value:  # NaN: the text was not a number
            errors[field] = f"Enter a number of centimetres, e.g. {round((bounds[0] + bounds[1]) / 2)}."
        elif value is not None and not bounds[0] <= value <= bounds[1]:  # also ±infinity
            errors[field] = f"Measure in centimetres: between {bounds[0]} and {bounds[1]}."
        values[column] = None if value is None or field in errors else round(value * 10)
    chip = re.sub(r"[\s-]", "", data.microchip)
    if chip and not _MICROCHIP.match(chip):
        errors["microchip"] = "A microchip number has 15 digits (older chips have 9 or 10)."
    values["microchip"] = chip or None
    try:
        values["life_status"] = LifeStatus(data.life_status)
    except ValueError:
        errors["life_status"] = "Choose active, lost, deceased or rehomed."
    if errors:
        raise ValidationFailed(errors)
    return values


# ---------------------------------------------------------------- reading


def list_pets(session: Session, user: UserProfile | None) -> list[PetView]:
    """The user's pets, primary first."""
    user = require_user(user)
    pets = session.exec(
        select(PetProfile)
        .where(PetProfile.user_id == user.id)
        .order_by(col(PetProfile.is_primary).desc(), PetProfile.created_at, PetProfile.id)
    ).all()
    return [_view(session, pet, user) for pet in pets]


def pets_of(session: Session, user: UserProfile | None) -> list[PetProfile]:
    """The user's own pets in the order they were added (none for a visitor), e.g. for a picker."""
    if user is None:
        return []
    return list(session.exec(select(PetProfile).where(PetProfile.user_id == user.id).order_by(PetProfile.id)))


def own_pet(session: Session, user: UserProfile | None, pet_id: int) -> PetProfile | None:
    """The pet if it is the user's own (staff included: another owner's pet is not theirs to choose)."""
    pet = session.get(PetProfile, pet_id)
    return pet if pet is not None and user is not None and pet.user_id == user.id else None


def get_pet(session: Session, user: UserProfile | None, pet_id: int) -> PetProfile:
    """One pet, if ``user`` owns it (or is staff); "not found" otherwise."""
    return owned_or_404(user, session.get(PetProfile, pet_id), "That pet")


def view_pet(session: Session, user: UserProfile | None, pet_id: int) -> PetView:
    """One pet as its owner sees it."""
    return _view(session, get_pet(session, user, pet_id), user)


def _view(session: Session, pet: PetProfile, viewer: UserProfile | None) -> PetView:
    species = session.get(Species, pet.species_id)
    breed = session.get(Breed, pet.breed_id) if pet.breed_id else None
    weights = session.exec(select(PetWeight).where(PetWeight.pet_id == pet.id).order_by(PetWeight.measured_on)).all()
    vaccinations = session.exec(
        select(PetVaccination).where(PetVaccination.pet_id == pet.id).order_by(col(PetVaccination.given_on).desc())
    ).all()
    today = clock.today()
    return PetView(
        id=pet.id,
        name=pet.name,
        species=species.slug,
        species_name=species.name,
        breed=breed.name if breed else "",
        birth_date=pet.birth_date.isoformat() if pet.birth_date else "",
        age=age_text(pet.birth_date, today),
        chest_girth_cm=pet.chest_girth_mm / 10 if pet.chest_girth_mm else None,
        neck_cm=pet.neck_mm / 10 if pet.neck_mm else None,
        microchip=pet.microchip or "",
        photo_url=pet.photo_url or "",
        is_primary=pet.is_primary,
        life_status=pet.life_status.value,
        weights=[WeightPoint(measured_on=w.measured_on.isoformat(), weight_g=w.weight_g) for w in weights],
        vaccinations=[
            VaccinationView(
                id=v.id,
                name=v.name,
                given_on=v.given_on.isoformat(),
                expires_on=v.expires_on.isoformat() if v.expires_on else "",
                expired=bool(v.expires_on and v.expires_on < today),
                document_url=documents.link(v.document_id, viewer),
            )
            for v in vaccinations
        ],
    )


# ---------------------------------------------------------------- changing


def create_pet(session: Session, user: UserProfile | None, data: PetInput) -> PetProfile:
    """Add a pet; the user's first pet becomes their primary pet."""
    user = require_user(user)
    values = validate_pet(session, data)
    has_pets = session.exec(select(PetProfile.id).where(PetProfile.user_id == user.id)).first() is not None
    pet = PetProfile(user_id=user.id, is_primary=not has_pets, **values)
    session.add(pet)
    session.flush()
    return pet


def update_pet(session: Session, user: UserProfile | None, pet_id: int, data: PetInput) -> PetProfile:
    """Change a pet's details. A pet marked deceased or rehomed is announced (``pet.deceased``,
    ``pet.rehomed``): its subscription boxes are paused."""
    pet = get_pet(session, user, pet_id)
    for column, value in validate_pet(session, data).items():
        setattr(pet, column, value)
    pet.updated_at = utcnow()
    session.add(pet)
    session.flush()
    if pet.life_status in (LifeStatus.DECEASED, LifeStatus.REHOMED):
        publish(session, f"pet.{pet.life_status.value.lower()}", {"pet_id": pet.id, "user_id": pet.user_id})
    return pet


def set_primary(session: Session, user: UserProfile | None, pet_id: int) -> PetProfile:
    """Make this pet the primary one; the previous primary pet stops being primary."""
    pet = get_pet(session, user, pet_id)
    for other in session.exec(
        select(PetProfile).where(PetProfile.user_id == pet.user_id, col(PetProfile.is_primary).is_(True))
    ):
        other.is_primary = False
        session.add(other)
    session.flush()
    pet.is_primary = True
    session.add(pet)
    session.flush()
    return pet


def delete_pet(session: Session, user: UserProfile | None, pet_id: int) -> PetProfile | None:
    """Delete a pet with its vaccinations and their certificates (a licence that uses one keeps it). When it
    was primary, the longest-kept active pet becomes primary; that pet is returned."""
    pet = get_pet(session, user, pet_id)
    owner_id, was_primary = pet.user_id, pet.is_primary
    certificates = session.exec(select(PetVaccination.document_id).where(PetVaccination.pet_id == pet.id)).all()
    session.delete(pet)
    session.flush()
    for document_id in certificates:
        documents.release(session, document_id)
    if not was_primary:
        return None
    candidates = session.exec(
        select(PetProfile)
        .where(PetProfile.user_id == owner_id)
        .order_by(col(PetProfile.life_status) != LifeStatus.ACTIVE, PetProfile.created_at, PetProfile.id)
    ).all()
    if not candidates:
        return None
    successor = candidates[0]
    successor.is_primary = True
    session.add(successor)
    session.flush()
    return successor


def to_grams(value: float, unit: str) -> int:
    """A weight typed in kg or lb, in grams."""
    return round(value * (GRAMS_PER_POUND if unit == "lb" else 1000))


def add_weight(
    session: Session, user: UserProfile | None, pet_id: int, *, measured_on: date, value: float, unit: str = "kg"
) -> PetWeight:
    """Record a weighing (one per day: a second one that day replaces the first)."""
    pet = get_pet(session, user, pet_id)
    species = session.get(Species, pet.species_id)
    low, high = WEIGHT_BOUNDS_G.get(species.slug, (50, 150_000))
    grams = to_grams(value, unit) if 0 < value < math.inf else 0  # NaN and infinity are out of range too
    errors: dict[str, str] = {}
    if not low <= grams <= high:
        shown = (lambda g: f"{g / GRAMS_PER_POUND:.1f} lb") if unit == "lb" else (lambda g: f"{g / 1000:g} kg")
        errors["weight"] = f"A {species.name.lower()} weighs between {shown(low)} and {shown(high)}; check the number."
    if measured_on > clock.today():
        errors["measured_on"] = "The date can't be in the future."
    elif pet.birth_date and measured_on < pet.birth_date:
        errors["measured_on"] = "The date is before your pet was born."
    if errors:
        raise ValidationFailed(errors)
    row = session.exec(
        select(PetWeight).where(PetWeight.pet_id == pet.id, PetWeight.measured_on == measured_on)
    ).first() or PetWeight(pet_id=pet.id, measured_on=measured_on, weight_g=grams)
    row.weight_g = grams
    session.add(row)
    session.flush()
    return row


def add_vaccination(
    session: Session,
    user: UserProfile | None,
    pet_id: int,
    *,
    name: str,
    given_on: date,
    expires_on: date | None,
) -> PetVaccination:
    """Record a vaccination with its expiry (its certificate is attached with ``attach_vaccination_document``)."""
    pet = get_pet(session, user, pet_id)
    errors: dict[str, str] = {}
    if not name.strip():
        errors["vaccine_name"] = "Name the vaccine, e.g. Rabies."
    elif len(name.strip()) > 64:
        errors["vaccine_name"] = "Use at most 64 characters."
    if given_on > clock.today():
        errors["given_on"] = "The date given can't be in the future."
    if expires_on is not None and expires_on <= given_on:
        errors["expires_on"] = "The expiry must be after the date given."
    if errors:
        raise ValidationFailed(errors)
    row = PetVaccination(pet_id=pet.id, name=name.strip(), given_on=given_on, expires_on=expires_on)
    session.add(row)
    session.flush()
    return row


def attach_vaccination_document(session: Session, user: UserProfile | None, vaccination_id: int, data: bytes) -> int:
    """Keep a vaccination certificate (PDF or image, checked) privately for the pet's owner; the one it
    replaces is deleted (unless a licence uses it). Returns the document's id."""
    row = session.get(PetVaccination, vaccination_id)
    if row is None:
        raise NotFound("That vaccination")
    pet = get_pet(session, user, row.pet_id)
    document = documents.keep(session, pet.user_id, data, kind="vaccination_certificate", field="document")
    replaced, row.document_id = row.document_id, document.id
    session.add(row)
    session.flush()
    documents.release(session, replaced)
    return document.id


def delete_vaccination(session: Session, user: UserProfile | None, vaccination_id: int) -> None:
    """Remove a vaccination record and its certificate (a licence that uses it keeps it)."""
    row = session.get(PetVaccination, vaccination_id)
    if row is None:
        raise NotFound("That vaccination")
    get_pet(session, user, row.pet_id)
    certificate = row.document_id
    session.delete(row)
    session.flush()
    documents.release(session, certificate)


def set_photo(session: Session, user: UserProfile | None, pet_id: int, filename: str, data: bytes) -> str:
    """Store a checked image as the pet's photo; returns its URL."""
    pet = get_pet(session, user, pet_id)
    url = media.store_image(data, folder="pets", name_hint=f"pet-{pet.id}", field="photo")
    pet.photo_url = url
    session.add(pet)
    session.flush()
    return url
