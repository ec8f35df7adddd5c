"""Applying for a licence: the application in steps (saved as a draft), its documents, its fee, and
submission with its fee order."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from sqlmodel import Session, col, select

from allpetplus.core import clock
from allpetplus.core.errors import NotFound, PermissionDenied, ValidationFailed
from allpetplus.core.models import timeline_entry, utcnow
from allpetplus.core.money import format_money
from allpetplus.core.outbox import publish
from allpetplus.document import service as documents
from allpetplus.licence.models import ContactShare, Licence, LicenceStatus
from allpetplus.licence.rules import (
    TERMS,
    FeeQuote,
    jurisdiction,
    jurisdictions,
    licence_fee,
    species_words,
    years_between,
)
from allpetplus.licence.views import DOCUMENTS, get_licence, long_date
from allpetplus.order.service import place_fee_order, validate_address
from allpetplus.pet.models import Breed, PetProfile, PetVaccination, Species
from allpetplus.pet.service import own_pet
from allpetplus.user.models import UserProfile
from allpetplus.user.permissions import require_user
from allpetplus.user.service import email_problem

S = LicenceStatus
STEPS = ("owner", "pet", "vaccination", "review")
_PHONE = re.compile(r"^\+?[0-9 ()\-.]{7,20}$")
_MICROCHIP = re.compile(r"^(\d{15}|[A-Za-z0-9]{9,10})$")


def start_application(
    session: Session,
    user: UserProfile | None,
    *,
    jurisdiction_code: str,
    pet_id: int | None = None,
    pet_name: str = "",
) -> Licence:
    """A new draft, prefilled from the account and from one of the user's pet profiles (``pet_id``) or, for a
    pet not in the profile, named ``pet_name``: a draft always says which pet it is for."""
    user = require_user(user)
    rules = jurisdiction(jurisdiction_code)
    pet = own_pet(session, user, pet_id) if pet_id else None
    if pet_id and pet is None:
        raise NotFound("That pet")
    name = pet_name.strip()
    if pet is None and not 1 <= len(name) <= 64:
        raise ValidationFailed.one("pet_name", "Enter your pet's name, or choose one of your pets.")
    licence = Licence(
        user_id=user.id,
        jurisdiction=jurisdiction_code,
        owner_name=user.display_name or "",
        owner_email=user.email,
        pet_name=name,
        species=rules["species"][0],
        timeline=[timeline_entry(S.DRAFT, "owner", "Application started.")],
    )
    if pet is not None:
        _prefill_from_pet(session, licence, pet)
    session.add(licence)
    session.flush()
    return licence


def _prefill_from_pet(session: Session, licence: Licence, pet: PetProfile) -> None:
    species = session.get(Species, pet.species_id)
    breed = session.get(Breed, pet.breed_id) if pet.breed_id else None
    licence.pet_id, licence.pet_name, licence.pet_birth_date = pet.id, pet.name, pet.birth_date
    licence.species = species.slug if species else licence.species
    licence.breed = breed.name if breed else ""
    licence.microchip = pet.microchip or ""
    rabies = session.exec(
        select(PetVaccination)
        .where(PetVaccination.pet_id == pet.id, col(PetVaccination.name).ilike("%rabies%"))
        .order_by(col(PetVaccination.given_on).desc())
    ).first()
    if rabies:
        licence.rabies_vaccinated_on, licence.rabies_expires_on = rabies.given_on, rabies.expires_on
        licence.rabies_certificate_id = rabies.document_id


def get_draft(session: Session, user: UserProfile | None, licence_id: int) -> Licence:
    """The user's application while it is still a draft (submitted ones can't change)."""
    licence = get_licence(session, require_user(user), licence_id)
    if licence.status != S.DRAFT:
        raise PermissionDenied("This application has been submitted and can no longer be changed.")
    return licence


def delete_draft(session: Session, user: UserProfile | None, licence_id: int) -> None:
    """Throw away one of the user's own drafts and the documents only it used. Only its owner may (staff
    included: an owner's unsent application is theirs alone); a submitted application is kept."""
    user = require_user(user)
    licence = session.get(Licence, licence_id)
    if licence is None or licence.user_id != user.id:
        raise NotFound("That application")
    if licence.status != S.DRAFT:
        raise PermissionDenied("This application has been submitted and can no longer be deleted.")
    attached = [getattr(licence, column) for column, _field, _label in DOCUMENTS.values()]
    session.delete(licence)
    session.flush()
    for document_id in attached:
        documents.release(session, document_id)


def _text(data: dict[str, Any], field: str) -> str:
    return str(data.get(field, "") or "").strip()


def _date(data: dict[str, Any], field: str, errors: dict[str, str], required: bool, label: str) -> date | None:
    raw = _text(data, field)
    if not raw:
        if required:
            errors[field] = f"Enter {label}."
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        errors[field] = f"Enter {label} as a date (YYYY-MM-DD)."
        return None


def _flag(data: dict[str, Any], field: str) -> bool:
    return str(data.get(field, "")).lower() in ("true", "on", "1", "yes")


def validate_owner(data: dict[str, Any], today: date) -> dict[str, Any]:
    """Owner and address fields, checked; ``ValidationFailed`` names every bad field."""
    errors: dict[str, str] = {}
    name, email, phone = _text(data, "owner_name"), _text(data, "owner_email").lower(), _text(data, "owner_phone")
    if not 2 <= len(name) <= 120:
        errors["owner_name"] = "Enter your full name."
    if problem := email_problem(email):
        errors["owner_email"] = problem
    if phone and not _PHONE.match(phone):
        errors["owner_phone"] = "Enter a phone number with 7 to 20 digits, or leave it empty."
    born = _date(data, "owner_birth_date", errors, False, "your date of birth")
    if born and not 16 <= years_between(born, today) <= 120:
        errors["owner_birth_date"] = "Licence holders are 16 or older; check the date of birth."
    address: dict[str, Any] = {}
    try:
        address = validate_address({**data, "name": name or "-"}).model_dump()
    except ValidationFailed as exc:
        errors.update({k: v for k, v in exc.errors.items() if k != "name"})
    if errors:
        raise ValidationFailed(errors)
    return {
        "owner_name": name,
        "owner_email": email,
        "owner_phone": phone,
        "owner_birth_date": born,
        "address": address,
    }


def validate_pet(data: dict[str, Any], rules: dict[str, Any], today: date) -> dict[str, Any]:
    """Pet fields, checked."""
    errors: dict[str, str] = {}
    name, species, microchip = _text(data, "pet_name"), _text(data, "species").lower(), _text(data, "microchip")
    microchip = re.sub(r"[\s-]", "", microchip)
    if not 1 <= len(name) <= 64:
        errors["pet_name"] = "Enter your pet's name."
    if species not in rules["species"]:
        errors["species"] = f"{rules['name']} licenses {species_words(rules)}."
    if microchip and not _MICROCHIP.match(microchip):
        errors["microchip"] = "A microchip number is 15 digits (older chips: 9 or 10 letters and digits)."
    born = _date(data, "pet_birth_date", errors, False, "your pet's date of birth")
    if born and born > today:
        errors["pet_birth_date"] = "The date of birth can't be in the future."
    share = _text(data, "contact_share").upper() or ContactShare.EMAIL.value
    if share not in ContactShare.__members__:
        errors["contact_share"] = "Choose what a finder may see."
    if errors:
        raise ValidationFailed(errors)
    return {
        "pet_name": name,
        "species": species,
        "breed": _text(data, "breed")[:80],
        "colour": _text(data, "colour")[:40],
        "pet_birth_date": born,
        "altered": _flag(data, "altered"),
        "service_animal": _flag(data, "service_animal"),
        "microchip": microchip,
        "contact_share": ContactShare(share),
    }


def term_dates(session: Session, licence: Licence, today: date, term_years: int | None = None) -> tuple[date, date]:
    """When the licence would start (today, or the day after the licence it renews ends) and its last day."""
    start = today
    previous = session.get(Licence, licence.renewal_of_id) if licence.renewal_of_id else None
    if previous is not None and previous.expires_on and previous.expires_on >= today:
        start = previous.expires_on + timedelta(days=1)
    years = term_years or licence.term_years
    try:
        end = start.replace(year=start.year + years)
    except ValueError:  # 29 February
        end = start.replace(year=start.year + years, day=28)
    return start, end - timedelta(days=1)


def validate_vaccination(session: Session, licence: Licence, data: dict[str, Any], today: date) -> dict[str, Any]:
    """Rabies vaccination and term, checked: the term may not end after the vaccination expires."""
    errors: dict[str, str] = {}
    given = _date(data, "rabies_vaccinated_on", errors, True, "the rabies vaccination date")
    expires = _date(data, "rabies_expires_on", errors, True, "the date the vaccination expires")
    clinic = _text(data, "vet_clinic")
    if given and given > today:
        errors["rabies_vaccinated_on"] = "The vaccination date can't be in the future."
    if given and expires and expires <= given:
        errors["rabies_expires_on"] = "The vaccination must expire after the date it was given."
    elif expires and expires < today:
        errors["rabies_expires_on"] = "This vaccination has expired; a licence needs a current rabies vaccination."
    if not 2 <= len(clinic) <= 120:
        errors["vet_clinic"] = "Enter the vet clinic that gave the vaccination."
    try:
        term = int(str(data.get("term_years", "")))
    except ValueError:
        term = 0
    if term not in TERMS:
        errors["term_years"] = "Choose a 1-year or a 3-year licence."
    elif expires and not errors.get("rabies_expires_on"):
        _, end = term_dates(session, licence, today, term)
        if end > expires:
            errors["term_years"] = (
                f"A {term}-year licence would run until {long_date(end)}, after the rabies vaccination expires "
                f"on {long_date(expires)}. Choose a shorter term or renew the vaccination first."
            )
    if errors:
        raise ValidationFailed(errors)
    return {"rabies_vaccinated_on": given, "rabies_expires_on": expires, "vet_clinic": clinic, "term_years": term}


def save_step(
    session: Session,
    user: UserProfile | None,
    licence_id: int,
    step: str,
    data: dict[str, Any],
) -> Licence:
    """Check one step's fields and keep them on the draft (nothing is stored when a field is wrong)."""
    today = clock.today()
    licence = get_draft(session, user, licence_id)
    rules = jurisdiction(licence.jurisdiction)
    if step == "owner":
        values = validate_owner(data, today)
    elif step == "pet":
        values = validate_pet(data, rules, today)
    elif step == "vaccination":
        values = validate_vaccination(session, licence, data, today)
    else:
        raise ValidationFailed.one("step", "Unknown step.")
    for field, value in values.items():
        setattr(licence, field, value)
    licence.step = max(licence.step, STEPS.index(step) + 2)
    requote(session, licence, today)
    licence.updated_at = utcnow()
    session.add(licence)
    session.flush()
    return licence


def attach_document(session: Session, user: UserProfile | None, licence_id: int, kind: str, data: bytes) -> int:
    """Keep a PDF or image (type by content, size-checked) privately as one of the application's documents;
    the one it replaces is deleted (unless another licence still uses it). Returns the document's id."""
    licence = get_draft(session, user, licence_id)
    if kind not in DOCUMENTS:
        raise ValidationFailed.one("document", "Unknown document.")
    column, field, _label = DOCUMENTS[kind]
    document = documents.keep(session, licence.user_id, data, kind=field, field=field)
    replaced = getattr(licence, column)
    setattr(licence, column, document.id)
    session.add(licence)
    session.flush()
    documents.release(session, replaced)
    return document.id


def owner_age(licence: Licence, today: date) -> int | None:
    """The owner's age in whole years (``None`` when no date of birth was given)."""
    return years_between(licence.owner_birth_date, today) if licence.owner_birth_date else None


def quote(session: Session, licence: Licence, today: date) -> FeeQuote:
    """The fee for this application on ``today``, by the one fee function."""
    previous = session.get(Licence, licence.renewal_of_id) if licence.renewal_of_id else None
    late = (today - previous.expires_on).days if previous and previous.expires_on else None
    return licence_fee(
        licence.jurisdiction,
        species=licence.species,
        altered=licence.altered,
        term_years=licence.term_years,
        owner_age=owner_age(licence, today),
        service_animal=licence.service_animal,
        days_since_previous_expiry=late,
    )


def requote(session: Session, licence: Licence, today: date) -> None:
    """Keep the current fee on the application (left as it was while the fee cannot be worked out yet)."""
    try:
        fee = quote(session, licence, today)
    except ValidationFailed:
        return
    licence.fee_cents, licence.currency = fee.total_cents, fee.currency
    licence.fee_breakdown = [line.model_dump() for line in fee.lines]


def missing(session: Session, licence: Licence, today: date) -> dict[str, str]:
    """What still stops the application from being submitted (field → message)."""
    problems: dict[str, str] = {}
    checks = (
        (
            "owner",
            lambda: validate_owner(
                {
                    **licence.address,
                    "owner_name": licence.owner_name,
                    "owner_email": licence.owner_email,
                    "owner_phone": licence.owner_phone,
                    "owner_birth_date": str(licence.owner_birth_date or ""),
                },
                today,
            ),
        ),
        (
            "pet",
            lambda: validate_pet(
                {
                    "pet_name": licence.pet_name,
                    "species": licence.species,
                    "microchip": licence.microchip,
                    "contact_share": licence.contact_share.value,
                },
                jurisdiction(licence.jurisdiction),
                today,
            ),
        ),
        (
            "vaccination",
            lambda: validate_vaccination(
                session,
                licence,
                {
                    "rabies_vaccinated_on": str(licence.rabies_vaccinated_on or ""),
                    "rabies_expires_on": str(licence.rabies_expires_on or ""),
                    "vet_clinic": licence.vet_clinic,
                    "term_years": licence.term_years,
                },
                today,
            ),
        ),
    )
    for _step, check in checks:
        try:
            check()
        except ValidationFailed as exc:
            problems.update(exc.errors)
    if not licence.rabies_certificate_id:
        problems["rabies_certificate"] = "Upload the rabies vaccination certificate."
    if licence.altered and not licence.altered_proof_id:
        problems["altered_proof"] = "Upload proof of spay or neuter for the altered fee (or untick altered)."
    if licence.service_animal and not licence.service_proof_id:
        problems["service_proof"] = "Upload the service animal documentation for the waiver (or untick it)."
    return problems


def submit(session: Session, user: UserProfile | None, licence_id: int, *, provider: str = "invoice"):
    """Submit a complete application: the fee (recomputed now) becomes an order paid by card or invoice.
    Returns the order (``None`` when there is nothing to pay)."""
    today = clock.today()
    licence = get_draft(session, user, licence_id)
    problems = missing(session, licence, today)
    if problems:
        raise ValidationFailed(problems)
    requote(session, licence, today)
    order = None
    if licence.fee_cents > 0:
        rules = jurisdiction(licence.jurisdiction)
        title = f"{rules['name']} pet licence: {licence.pet_name} ({licence.term_years} yr)"
        order = place_fee_order(
            session,
            user=require_user(user),
            email=licence.owner_email,
            title=title,
            cents=licence.fee_cents,
            currency=licence.currency,
            provider=provider,
            address=licence.address,
        )
        licence.order_id = order.id
    licence.status, licence.submitted_at = S.SUBMITTED, utcnow()
    licence.timeline = [
        *licence.timeline,
        timeline_entry(
            S.SUBMITTED, "owner", f"Submitted with a fee of {format_money(licence.fee_cents, licence.currency)}."
        ),
    ]
    session.add(licence)
    session.flush()
    publish(
        session,
        "licence.submitted",
        {
            "licence_id": licence.id,
            "user_id": licence.user_id,
            "total_cents": licence.fee_cents,
            "currency": licence.currency,
        },
    )
    return order


def jurisdiction_choices() -> list[dict[str, str]]:
    """Jurisdictions for a picker."""
    return [{"code": code, "name": rules["name"]} for code, rules in jurisdictions().items()]
