"""Licence rules: the application in steps (saved as a draft), submission with payment, staff review,
tags, renewals, reminders and the public lost-pet lookup. Every check lives here; the apps only call it.
"""

from __future__ import annotations

import re
import secrets
from datetime import date, timedelta
from typing import Any

from pydantic import BaseModel
from sqlmodel import Session, col, select

from allpetplus.core import clock
from allpetplus.core.errors import NotFound, PermissionDenied, ValidationFailed
from allpetplus.core.models import timeline_entry, utcnow
from allpetplus.core.money import format_money
from allpetplus.core.outbox import publish
from allpetplus.document import service as documents
from allpetplus.licence.models import ContactShare, Licence, LicenceStatus, LicenceTag
from allpetplus.licence.rules import (
    TERMS,
    FeeQuote,
    jurisdiction,
    jurisdictions,
    licence_fee,
    species_words,
    years_between,
)
from allpetplus.pet.models import Breed, LifeStatus, PetProfile, PetVaccination, Species
from allpetplus.user.models import UserProfile
from allpetplus.user.permissions import owned_or_404, require_admin, require_user
from allpetplus.user.service import email_problem

S = LicenceStatus
STEPS = ("owner", "pet", "vaccination", "review")
REMINDER_DAYS = (30, 7)
_PHONE = re.compile(r"^\+?[0-9 ()\-.]{7,20}$")
_MICROCHIP = re.compile(r"^(\d{15}|[A-Za-z0-9]{9,10})$")


# ---------------------------------------------------------------- views


class LicenceView(BaseModel):
    """A licence or application as its owner (or staff) sees it."""

    id: int
    status: str
    step: int
    jurisdiction: str
    jurisdiction_name: str
    pet_name: str
    species: str
    breed: str
    owner_name: str
    owner_email: str
    microchip: str
    rabies: str
    claims: str
    tag_number: str
    starts_on: str
    expires_on: str
    days_left: int
    term_years: int
    fee_total: str
    fee_lines: list[dict[str, Any]]
    payment: str
    fee_paid: bool
    order_reference: str
    rejection_reason: str
    documents: list[dict[str, str]]
    can_renew: bool
    can_replace_tag: bool
    timeline: list[dict[str, Any]]


class LookupView(BaseModel):
    """What a finder sees for a tag number: never the owner's address."""

    tag_number: str
    pet_name: str
    species: str
    breed: str
    photo_url: str
    jurisdiction_name: str
    status: str
    contact: str
    contact_kind: str


_entry = timeline_entry


def _long_date(value: date | None) -> str:
    return f"{value.day} {value:%B %Y}" if value else ""


def _payment(session: Session, licence: Licence) -> tuple[str, str]:
    """(payment status in words, order reference)."""
    from allpetplus.order.models import OrderMeta, OrderStatus

    if licence.status == S.DRAFT:
        return "", ""
    if licence.order_id is None:
        return "No fee to pay", ""
    order = session.get(OrderMeta, licence.order_id)
    if order is None:
        return "", ""
    words = {
        OrderStatus.PAID: "Paid",
        OrderStatus.AWAITING_PAYMENT: "Invoice sent" if order.provider == "invoice" else "Awaiting card payment",
        OrderStatus.CANCELLED: "Payment cancelled",
        OrderStatus.REFUNDED: "Refunded",
    }
    return words.get(order.status, order.status.value.replace("_", " ").capitalize()), order.external_id


def view(session: Session, licence: Licence, viewer: UserProfile | None) -> LicenceView:
    """The licence as the apps show it to ``viewer`` (its documents as links made for them)."""
    today = clock.today()
    rules = jurisdiction(licence.jurisdiction)
    payment, reference = _payment(session, licence)
    links = [
        {"label": label, "url": documents.link(getattr(licence, column), viewer)}
        for column, _field, label in DOCUMENTS.values()
        if getattr(licence, column)
    ]
    return LicenceView(
        id=licence.id,
        status=licence.status.value,
        step=licence.step,
        jurisdiction=licence.jurisdiction,
        jurisdiction_name=rules["name"],
        pet_name=licence.pet_name,
        species=licence.species,
        breed=licence.breed,
        owner_name=licence.owner_name,
        owner_email=licence.owner_email,
        microchip=licence.microchip,
        rabies=f"given {_long_date(licence.rabies_vaccinated_on)}, expires {_long_date(licence.rabies_expires_on)} "
        f"({licence.vet_clinic})"
        if licence.rabies_vaccinated_on
        else "",
        claims=", ".join(
            c for c, on in (("altered", licence.altered), ("service animal", licence.service_animal)) if on
        )
        or "none",
        tag_number=licence.tag_number or "",
        starts_on=_long_date(licence.starts_on),
        expires_on=_long_date(licence.expires_on),
        days_left=(licence.expires_on - today).days if licence.expires_on else 0,
        term_years=licence.term_years,
        fee_total=format_money(licence.fee_cents, licence.currency),
        fee_lines=licence.fee_breakdown,
        payment=payment,
        fee_paid=licence.status != S.DRAFT and fee_settled(session, licence),
        order_reference=reference,
        rejection_reason=licence.rejection_reason,
        documents=links,
        can_renew=licence.status in (S.ACTIVE, S.EXPIRED) and not _open_renewal(session, licence),
        can_replace_tag=licence.status in (S.ACTIVE, S.APPROVED),
        timeline=licence.timeline,
    )


def get_licence(session: Session, user: UserProfile | None, licence_id: int) -> Licence:
    """A licence of the user's (or any, for staff); "not found" for anybody else."""
    return owned_or_404(user, session.get(Licence, licence_id), "That licence")


def list_licences(session: Session, user: UserProfile | None) -> list[LicenceView]:
    """The user's licences and applications, newest first."""
    user = require_user(user)
    rows = session.exec(select(Licence).where(Licence.user_id == user.id).order_by(col(Licence.id).desc())).all()
    return [view(session, row, user) for row in rows]


# ---------------------------------------------------------------- applying


def start_application(
    session: Session, user: UserProfile | None, *, jurisdiction_code: str, pet_id: int | None = None
) -> Licence:
    """A new draft, prefilled from the account and (when chosen) one of the user's pet profiles."""
    user = require_user(user)
    rules = jurisdiction(jurisdiction_code)
    licence = Licence(
        user_id=user.id,
        jurisdiction=jurisdiction_code,
        owner_name=user.display_name or "",
        owner_email=user.email,
        species=rules["species"][0],
        timeline=[_entry(S.DRAFT, "owner", "Application started.")],
    )
    if pet_id:
        pet = owned_or_404(user, session.get(PetProfile, pet_id), "That pet")
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
    from allpetplus.order.service import validate_address

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
                f"A {term}-year licence would run until {_long_date(end)}, after the rabies vaccination expires "
                f"on {_long_date(expires)}. Choose a shorter term or renew the vaccination first."
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
    _requote(session, licence, today)
    licence.updated_at = utcnow()
    session.add(licence)
    session.flush()
    return licence


#: Document kind → (column, the field name its errors use (also the stored document's kind), what it is).
DOCUMENTS = {
    "rabies": ("rabies_certificate_id", "rabies_certificate", "Rabies certificate"),
    "altered": ("altered_proof_id", "altered_proof", "Spay/neuter proof"),
    "service": ("service_proof_id", "service_proof", "Service animal documentation"),
}


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


def _requote(session: Session, licence: Licence, today: date) -> None:
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
    from allpetplus.order.service import place_fee_order

    today = clock.today()
    licence = get_draft(session, user, licence_id)
    problems = missing(session, licence, today)
    if problems:
        raise ValidationFailed(problems)
    _requote(session, licence, today)
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
        _entry(S.SUBMITTED, "owner", f"Submitted with a fee of {format_money(licence.fee_cents, licence.currency)}."),
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


# ---------------------------------------------------------------- staff review


def review_queue(session: Session, actor: UserProfile | None) -> list[LicenceView]:
    """Submitted applications, oldest first (staff only)."""
    require_admin(actor)
    rows = session.exec(select(Licence).where(Licence.status == S.SUBMITTED).order_by(col(Licence.submitted_at)))
    return [view(session, row, actor) for row in rows]


def fee_settled(session: Session, licence: Licence) -> bool:
    """Whether the application's fee is paid (or there was none): by card or on invoice, staff approve only then."""
    from allpetplus.order.models import OrderMeta, OrderStatus

    if licence.order_id is None:
        return True
    order = session.get(OrderMeta, licence.order_id)
    return order is not None and order.status == OrderStatus.PAID


def mark_fee_paid(session: Session, actor: UserProfile | None, licence_id: int) -> Licence:
    """Staff record that a submitted application's invoice has been paid (its fee order becomes paid)."""
    from allpetplus.order.models import OrderMeta
    from allpetplus.order.service import staff_move

    actor = require_admin(actor)
    licence = session.get(Licence, licence_id)
    if licence is None:
        raise NotFound("That application")
    order = session.get(OrderMeta, licence.order_id) if licence.order_id else None
    if licence.status != S.SUBMITTED or order is None:
        raise ValidationFailed.one("payment", "This application has no fee waiting for payment.")
    if order.provider != "invoice":
        raise ValidationFailed.one("payment", "This fee is paid by card; Stripe confirms it.")
    staff_move(session, actor, licence.order_id, "PAID", note="Licence fee paid on invoice.")
    return licence


def new_tag_number(session: Session, code: str, today: date) -> str:
    """A tag number never issued before, e.g. ``SPR-2026-004217``."""
    prefix = jurisdiction(code)["tag_prefix"]
    while True:
        number = f"{prefix}-{today.year}-{secrets.randbelow(1_000_000):06d}"
        if session.exec(select(LicenceTag.id).where(LicenceTag.number == number)).first() is None:
            return number


def _issue_tag(session: Session, licence: Licence, today: date) -> str:
    number = new_tag_number(session, licence.jurisdiction, today)
    session.add(LicenceTag(number=number, licence_id=licence.id))
    licence.tag_number = number
    return number


def approve(session: Session, actor: UserProfile | None, licence_id: int) -> Licence:
    """Approve a submitted application: a new tag number, the term's dates, and an e-mail to the owner."""
    actor = require_admin(actor)
    today = clock.today()
    licence = session.get(Licence, licence_id, with_for_update=True)
    if licence is None:
        raise NotFound("That application")
    if licence.status != S.SUBMITTED:
        raise ValidationFailed.one(
            "status", f"Only submitted applications can be approved (this one is {licence.status.value.lower()})."
        )
    if not fee_settled(session, licence):
        raise ValidationFailed.one("payment", "The fee has not been paid yet: approve once it is.")
    licence.starts_on, licence.expires_on = term_dates(session, licence, today)
    number = _issue_tag(session, licence, today)
    licence.status = S.ACTIVE if licence.starts_on <= today else S.APPROVED
    licence.timeline = [
        *licence.timeline,
        _entry(S.APPROVED, f"staff:{actor.email}", f"Tag {number} issued."),
        *([_entry(S.ACTIVE, "system", "Licence active.")] if licence.status == S.ACTIVE else []),
    ]
    session.add(licence)
    session.flush()
    publish(
        session,
        "licence.approved",
        {
            **_event(licence),
            "tag_number": number,
            "starts_on": _long_date(licence.starts_on),
            "expires_on": _long_date(licence.expires_on),
        },
    )
    return licence


def reject(session: Session, actor: UserProfile | None, licence_id: int, reason: str) -> Licence:
    """Reject a submitted application with a reason the owner is told."""
    actor = require_admin(actor)
    reason = reason.strip()
    if not 5 <= len(reason) <= 500:
        raise ValidationFailed.one("reason", "Tell the applicant why, in 5 to 500 characters.")
    licence = session.get(Licence, licence_id, with_for_update=True)
    if licence is None:
        raise NotFound("That application")
    if licence.status != S.SUBMITTED:
        raise ValidationFailed.one("status", "Only submitted applications can be rejected.")
    licence.status, licence.rejection_reason = S.REJECTED, reason
    licence.timeline = [*licence.timeline, _entry(S.REJECTED, f"staff:{actor.email}", reason)]
    session.add(licence)
    session.flush()
    publish(session, "licence.rejected", {**_event(licence), "reason": reason})
    return licence


def _event(licence: Licence) -> dict[str, Any]:
    return {
        "licence_id": licence.id,
        "user_id": licence.user_id,
        "email": licence.owner_email,
        "pet": licence.pet_name,
        "jurisdiction": jurisdiction(licence.jurisdiction)["name"],
    }


# ---------------------------------------------------------------- after approval


def replace_tag(session: Session, user: UserProfile | None, licence_id: int) -> str:
    """A lost tag: the old number is retired (it no longer finds the pet) and a new one issued."""
    licence = get_licence(session, require_user(user), licence_id)
    if licence.status not in (S.ACTIVE, S.APPROVED):
        raise ValidationFailed.one("status", "Only a current licence's tag can be replaced.")
    old = session.exec(select(LicenceTag).where(LicenceTag.number == licence.tag_number)).first()
    if old is not None:
        old.retired_at = utcnow()
        session.add(old)
    number = _issue_tag(session, licence, clock.today())
    licence.timeline = [
        *licence.timeline,
        _entry(
            licence.status, "owner", f"Tag replaced: {number} (the old tag no longer identifies {licence.pet_name})."
        ),
    ]
    session.add(licence)
    session.flush()
    return number


def _open_renewal(session: Session, licence: Licence) -> Licence | None:
    return session.exec(
        select(Licence).where(
            Licence.renewal_of_id == licence.id,
            col(Licence.status).in_([S.DRAFT, S.SUBMITTED, S.APPROVED]),
        )
    ).first()


def renew(session: Session, user: UserProfile | None, licence_id: int) -> Licence:
    """A renewal draft with everything carried over; it opens at the vaccination step when the rabies
    vaccination would not cover a new 1-year term (new proof needed), else at the review."""
    today = clock.today()
    previous = get_licence(session, require_user(user), licence_id)
    if previous.status not in (S.ACTIVE, S.EXPIRED):
        raise ValidationFailed.one("status", "Only an active or expired licence can be renewed.")
    existing = _open_renewal(session, previous)
    if existing is not None:
        return existing
    keep = {
        f: getattr(previous, f)
        for f in (
            "user_id",
            "pet_id",
            "jurisdiction",
            "owner_name",
            "owner_email",
            "owner_phone",
            "owner_birth_date",
            "address",
            "pet_name",
            "species",
            "breed",
            "colour",
            "pet_birth_date",
            "altered",
            "service_animal",
            "microchip",
            "rabies_vaccinated_on",
            "rabies_expires_on",
            "vet_clinic",
            "rabies_certificate_id",
            "altered_proof_id",
            "service_proof_id",
            "term_years",
            "contact_share",
        )
    }
    licence = Licence(
        **keep,
        renewal_of_id=previous.id,
        status=S.DRAFT,
        timeline=[_entry(S.DRAFT, "owner", f"Renewal of tag {previous.tag_number}.")],
    )
    session.add(licence)
    session.flush()
    _, end = term_dates(session, licence, today, 1)
    covered = licence.rabies_expires_on is not None and licence.rabies_expires_on >= end
    if not covered:
        licence.rabies_vaccinated_on = licence.rabies_expires_on = licence.rabies_certificate_id = None
    if licence.rabies_expires_on and term_dates(session, licence, today)[1] > licence.rabies_expires_on:
        licence.term_years = 1
    licence.step = 4 if covered else 3
    _requote(session, licence, today)
    session.add(licence)
    session.flush()
    return licence


def daily(session: Session) -> dict[str, int]:
    """The daily licence job: start approved licences, expire ended ones, and remind owners 30 and 7 days
    before expiry (once each; never for a pet marked deceased or rehomed, nor once a renewal is under way)."""
    today = clock.today()
    counts = {"activated": 0, "expired": 0, "reminded": 0}
    for licence in session.exec(
        select(Licence).where(Licence.status == S.APPROVED, col(Licence.starts_on) <= today)
    ).all():
        licence.status = S.ACTIVE
        licence.timeline = [*licence.timeline, _entry(S.ACTIVE, "system", "Licence active.")]
        session.add(licence)
        counts["activated"] += 1
    for licence in session.exec(
        select(Licence).where(Licence.status == S.ACTIVE, col(Licence.expires_on) < today)
    ).all():
        licence.status = S.EXPIRED
        licence.timeline = [*licence.timeline, _entry(S.EXPIRED, "system", "Licence expired.")]
        session.add(licence)
        publish(session, "licence.expired", _event(licence))
        counts["expired"] += 1
    horizon = today + timedelta(days=max(REMINDER_DAYS))
    for licence in session.exec(
        select(Licence).where(Licence.status == S.ACTIVE, col(Licence.expires_on) <= horizon)
    ).all():
        days_left = (licence.expires_on - today).days
        due = [days for days in REMINDER_DAYS if days_left <= days and days not in licence.reminders_sent]
        pet = session.get(PetProfile, licence.pet_id) if licence.pet_id else None
        if not due or (pet and pet.life_status in (LifeStatus.DECEASED, LifeStatus.REHOMED)):
            continue
        if _open_renewal(session, licence) is not None:
            continue
        licence.reminders_sent = [*licence.reminders_sent, *due]
        licence.timeline = [
            *licence.timeline,
            _entry(licence.status, "system", f"Renewal reminder sent ({days_left} days left)."),
        ]
        session.add(licence)
        publish(
            session,
            "licence.expiring",
            {
                **_event(licence),
                "days_left": days_left,
                "reminder": min(due),
                "tag_number": licence.tag_number or "",
                "expires_on": _long_date(licence.expires_on),
            },
        )
        counts["reminded"] += 1
    session.flush()
    return counts


# ---------------------------------------------------------------- public lookup


def normalise_tag(text: str) -> str:
    """``spr 2026 004217`` → ``SPR-2026-004217``."""
    return re.sub(r"[\s_]+", "-", text.strip().upper())


def lookup(session: Session, text: str) -> LookupView:
    """A lost pet by its tag number: its name, photo and the contact the owner allowed; never the address."""
    number = normalise_tag(text)
    tag = session.exec(select(LicenceTag).where(LicenceTag.number == number)).first()
    licence = session.get(Licence, tag.licence_id) if tag and tag.retired_at is None else None
    if licence is None or licence.status not in (S.ACTIVE, S.APPROVED, S.EXPIRED):
        raise NotFound("A licence with that tag number")
    pet = session.get(PetProfile, licence.pet_id) if licence.pet_id else None
    user = session.get(UserProfile, licence.user_id)
    first_name = (licence.owner_name or (user.display_name if user else "") or "the owner").split()[0]
    contact, kind = {
        ContactShare.EMAIL: (f"E-mail {first_name}: {licence.owner_email}", "email"),
        ContactShare.PHONE: (f"Call {first_name}: {licence.owner_phone}", "phone")
        if licence.owner_phone
        else ("", "none"),
    }.get(licence.contact_share, ("", "none"))
    if not contact:
        contact = f"The owner asked not to share contact details; call {jurisdiction(licence.jurisdiction)['name']} "
        contact += "animal services with this tag number."
    return LookupView(
        tag_number=number,
        pet_name=licence.pet_name,
        species=licence.species,
        breed=licence.breed,
        photo_url=(pet.photo_url or "") if pet else "",
        jurisdiction_name=jurisdiction(licence.jurisdiction)["name"],
        status=licence.status.value,
        contact=contact,
        contact_kind=kind,
    )


def active_tags(session: Session, user: UserProfile | None) -> list[dict[str, str]]:
    """The tag numbers of the user's current licences, for the builder's ID patch."""
    if user is None:
        return []
    rows = session.exec(
        select(Licence).where(Licence.user_id == user.id, col(Licence.status).in_([S.ACTIVE, S.APPROVED]))
    ).all()
    return [{"number": row.tag_number, "label": f"{row.pet_name} · {row.tag_number}"} for row in rows if row.tag_number]


def check_tag(session: Session, user: UserProfile | None, number: str) -> None:
    """Refuse a tag number that is not one of the user's current licences (e.g. put on a harness)."""
    if number and number not in {tag["number"] for tag in active_tags(session, user)}:
        raise ValidationFailed.one("licence_tag", "Choose the tag of one of your current licences.")


def jurisdiction_choices() -> list[dict[str, str]]:
    """Jurisdictions for a picker."""
    return [{"code": code, "name": rules["name"]} for code, rules in jurisdictions().items()]
