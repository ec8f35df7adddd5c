"""How a licence is shown: the owner's (and staff's) view of a licence or application, with its payment
status and documents; what every licence module shares."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel
from sqlmodel import Session, col, select

from allpetplus.cart.pricing import rules as shop_rules
from allpetplus.core import clock
from allpetplus.core.money import format_money
from allpetplus.core.words import day, plural, status_word
from allpetplus.document import service as documents
from allpetplus.licence.models import ContactShare, Licence, LicenceStatus
from allpetplus.licence.rules import jurisdiction
from allpetplus.order.models import OrderMeta, OrderStatus
from allpetplus.order.payment_state import payment_state
from allpetplus.order.service import staff_may_mark_paid
from allpetplus.user.models import UserProfile
from allpetplus.user.permissions import owned_or_404, require_user

S = LicenceStatus


class LicenceView(BaseModel):
    """A licence or application as its owner (or staff) sees it."""

    id: int
    status: str
    status_text: str
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
    payment_state: str  # for staff: paid by card, invoice awaiting payment (and by when), invoice paid
    fee_paid: bool
    fee_to_record: bool  # for staff: a submitted application whose invoice they may mark paid
    order_reference: str
    rejection_reason: str
    documents: list[dict[str, str]]
    can_renew: bool
    can_replace_tag: bool
    timeline: list[dict[str, Any]]


#: Document kind → (column, the field name its errors use (also the stored document's kind), what it is).
DOCUMENTS = {
    "rabies": ("rabies_certificate_id", "rabies_certificate", "Rabies certificate"),
    "altered": ("altered_proof_id", "altered_proof", "Spay/neuter proof"),
    "service": ("service_proof_id", "service_proof", "Service animal documentation"),
}


#: What a finder of the pet may see, in the applicant's words (the form's choices and the review's answer).
CONTACT_SHARE_WORDS = {
    ContactShare.EMAIL: "My e-mail address",
    ContactShare.PHONE: "My phone number",
    ContactShare.NONE: "Nothing (they call us)",
}


def term_words(years: int) -> str:
    """``1 year``, ``3 years``."""
    return plural(years, "year")


def answers(licence: Licence) -> list[dict[str, str]]:
    """Every answer of the application, as the applicant gave it, for the review: ``{step, label, value}``
    in the order of the form (an optional answer left empty says so)."""
    address = licence.address or {}
    countries = shop_rules()["countries"]
    given = "Not given"

    def yes_no(flag: bool) -> str:
        return "Yes" if flag else "No"

    rows = [
        ("owner", "Full name", licence.owner_name),
        ("owner", "E-mail", licence.owner_email),
        ("owner", "Phone", licence.owner_phone or given),
        ("owner", "Date of birth", day(licence.owner_birth_date) or given),
        ("owner", "Street address", str(address.get("line1", ""))),
        ("owner", "Apartment, suite", str(address.get("line2", "")) or given),
        ("owner", "City", str(address.get("city", ""))),
        ("owner", "State or province", str(address.get("region", ""))),
        ("owner", "ZIP or postal code", str(address.get("postal_code", ""))),
        ("owner", "Country", countries.get(str(address.get("country", "")), str(address.get("country", "")))),
        ("pet", "Pet's name", licence.pet_name),
        ("pet", "Species", licence.species.capitalize()),
        ("pet", "Breed", licence.breed or given),
        ("pet", "Colour", licence.colour or given),
        ("pet", "Date of birth", day(licence.pet_birth_date) or given),
        ("pet", "Microchip number", licence.microchip or given),
        ("pet", "Spayed or neutered", yes_no(licence.altered)),
        ("pet", "Service animal", yes_no(licence.service_animal)),
        ("pet", "A finder sees", CONTACT_SHARE_WORDS.get(licence.contact_share, "")),
        ("vaccination", "Rabies vaccination date", day(licence.rabies_vaccinated_on)),
        ("vaccination", "Vaccination expires on", day(licence.rabies_expires_on)),
        ("vaccination", "Vet clinic", licence.vet_clinic),
        ("vaccination", "Licence term", term_words(licence.term_years)),
        *(
            ("vaccination", label, "Attached" if getattr(licence, column) else "Not attached")
            for kind, (column, _field, label) in DOCUMENTS.items()
            if kind == "rabies"
            or (kind == "altered" and licence.altered)
            or (kind == "service" and licence.service_animal)
        ),
    ]
    return [{"step": step, "label": label, "value": value} for step, label, value in rows]


def long_date(value: date | None) -> str:
    """``26 November 2026`` (empty for no date)."""
    return f"{value.day} {value:%B %Y}" if value else ""


def _payment(session: Session, licence: Licence) -> tuple[str, str, str]:
    """(payment status in words for the applicant, and for staff; order reference)."""
    if licence.status == S.DRAFT:
        return "", "", ""
    if licence.order_id is None:
        return "No fee to pay", "No fee to pay", ""
    order = session.get(OrderMeta, licence.order_id)
    if order is None:
        return "", "", ""
    words = {
        OrderStatus.PAID: "Paid",
        OrderStatus.AWAITING_PAYMENT: "Invoice sent" if order.provider == "invoice" else "Awaiting card payment",
        OrderStatus.CANCELLED: "Payment cancelled",
        OrderStatus.REFUNDED: "Refunded",
    }
    applicant = words.get(order.status, order.status.value.replace("_", " ").capitalize())
    return applicant, payment_state(order), order.external_id


def fee_to_record(session: Session, licence: Licence) -> bool:
    """Whether staff may record this application's fee as paid: submitted, with an invoice still unpaid."""
    order = session.get(OrderMeta, licence.order_id) if licence.order_id else None
    return licence.status == S.SUBMITTED and order is not None and staff_may_mark_paid(order)


def view(session: Session, licence: Licence, viewer: UserProfile | None) -> LicenceView:
    """The licence as the apps show it to ``viewer`` (its documents as links made for them)."""
    today = clock.today()
    rules = jurisdiction(licence.jurisdiction)
    payment, staff_payment, reference = _payment(session, licence)
    links = [
        {"label": label, "url": documents.link(getattr(licence, column), viewer)}
        for column, _field, label in DOCUMENTS.values()
        if getattr(licence, column)
    ]
    return LicenceView(
        id=licence.id,
        status=licence.status.value,
        status_text=status_word(licence.status),
        step=licence.step,
        jurisdiction=licence.jurisdiction,
        jurisdiction_name=rules["name"],
        pet_name=licence.pet_name,
        species=licence.species,
        breed=licence.breed,
        owner_name=licence.owner_name,
        owner_email=licence.owner_email,
        microchip=licence.microchip,
        rabies=f"given {day(licence.rabies_vaccinated_on)}, expires {day(licence.rabies_expires_on)} "
        f"({licence.vet_clinic})"
        if licence.rabies_vaccinated_on
        else "",
        claims=", ".join(
            c for c, on in (("altered", licence.altered), ("service animal", licence.service_animal)) if on
        )
        or "none",
        tag_number=licence.tag_number or "",
        starts_on=day(licence.starts_on),
        expires_on=day(licence.expires_on),
        days_left=(licence.expires_on - today).days if licence.expires_on else 0,
        term_years=licence.term_years,
        fee_total=format_money(licence.fee_cents, licence.currency),
        fee_lines=licence.fee_breakdown,
        payment=payment,
        payment_state=staff_payment,
        fee_paid=licence.status != S.DRAFT and fee_settled(session, licence),
        fee_to_record=fee_to_record(session, licence),
        order_reference=reference,
        rejection_reason=licence.rejection_reason,
        documents=links,
        can_renew=licence.status in (S.ACTIVE, S.EXPIRED) and not open_renewal(session, licence),
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


def fee_settled(session: Session, licence: Licence) -> bool:
    """Whether the application's fee is paid (or there was none): by card or on invoice, staff approve only then."""
    if licence.order_id is None:
        return True
    order = session.get(OrderMeta, licence.order_id)
    return order is not None and order.status == OrderStatus.PAID


def open_renewal(session: Session, licence: Licence) -> Licence | None:
    """The renewal of this licence that is under way (a draft, submitted or approved), if any."""
    return session.exec(
        select(Licence).where(
            Licence.renewal_of_id == licence.id,
            col(Licence.status).in_([S.DRAFT, S.SUBMITTED, S.APPROVED]),
        )
    ).first()


def event_payload(licence: Licence) -> dict[str, Any]:
    """What every ``licence.*`` event says about the licence (the e-mails' recipient and wording)."""
    return {
        "licence_id": licence.id,
        "user_id": licence.user_id,
        "email": licence.owner_email,
        "pet": licence.pet_name,
        "jurisdiction": jurisdiction(licence.jurisdiction)["name"],
    }
