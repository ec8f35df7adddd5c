"""One timeline per pet, read across pets, licences, designs, orders and boxes: licence events, rabies and
other vaccination dates, designs, orders, boxes and reminders, in date order (what is coming up first, then
the history, newest first)."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel
from sqlmodel import Session, col, select

from allpetplus.builder.models import SavedDesign
from allpetplus.core import clock
from allpetplus.licence.models import Licence, LicenceStatus
from allpetplus.order.models import OrderLine, OrderMeta
from allpetplus.pet.models import LifeStatus, PetProfile, PetVaccination
from allpetplus.subscription.models import Subscription, SubscriptionStatus
from allpetplus.user.models import UserProfile
from allpetplus.user.permissions import owned_or_404


class TimelineEntry(BaseModel):
    """One dated thing in a pet's life with the product."""

    on: str
    when: str
    kind: str
    title: str
    detail: str
    upcoming: bool


def _day(value: date | datetime | str) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return datetime.fromisoformat(str(value)).date()


def pet_timeline(session: Session, user: UserProfile | None, pet_id: int) -> list[TimelineEntry]:
    """Everything dated about one of the user's pets (staff may see any pet's)."""
    today = clock.today()
    pet = owned_or_404(user, session.get(PetProfile, pet_id), "That pet")
    raw: list[tuple[date, str, str, str]] = []
    vaccine_expiries = set()
    for v in session.exec(select(PetVaccination).where(PetVaccination.pet_id == pet.id)):
        raw.append((v.given_on, "vaccination", f"{v.name} vaccination", ""))
        if v.expires_on:
            vaccine_expiries.add(v.expires_on)
            raw.append((v.expires_on, "vaccination", f"{v.name} vaccination expires", "Book the booster before then."))
    for licence in session.exec(select(Licence).where(Licence.pet_id == pet.id)):
        for entry in licence.timeline:
            title = f"Licence {str(entry['status']).lower()}"
            raw.append((_day(entry["at"]), "licence", title, entry.get("note", "")))
        if licence.expires_on and licence.status in (LicenceStatus.ACTIVE, LicenceStatus.APPROVED):
            raw.append((licence.expires_on, "licence", "Licence expires", f"Tag {licence.tag_number}"))
        if licence.rabies_expires_on and licence.rabies_expires_on not in vaccine_expiries:
            vaccine_expiries.add(licence.rabies_expires_on)
            raw.append((licence.rabies_expires_on, "vaccination", "Rabies vaccination expires", "From the licence."))
    designs = session.exec(select(SavedDesign).where(SavedDesign.pet_id == pet.id)).all()
    for design in designs:
        raw.append((_day(design.created_at), "design", f"Design “{design.name}” saved", ""))
    design_ids = [d.id for d in designs]
    if design_ids:
        orders = session.exec(
            select(OrderMeta)
            .join(OrderLine, col(OrderLine.order_id) == OrderMeta.id)
            .where(col(OrderLine.design_id).in_(design_ids))
            .distinct()
        ).all()
        for order in orders:
            raw.append((_day(order.created_at), "order", f"Order {order.external_id}", order.status.value.lower()))
    for box in session.exec(select(Subscription).where(Subscription.pet_id == pet.id)):
        if box.status == SubscriptionStatus.ACTIVE and pet.life_status == LifeStatus.ACTIVE:
            raw.append((box.next_shipment, "box", "Next box ships", ""))
    entries = [
        TimelineEntry(on=day.isoformat(), when=f"{day.day} {day:%b %Y}", kind=kind, title=title, detail=detail,
                      upcoming=day > today)
        for day, kind, title, detail in raw
    ]  # fmt: skip
    upcoming = sorted((e for e in entries if e.upcoming), key=lambda e: e.on)
    past = sorted((e for e in entries if not e.upcoming), key=lambda e: e.on, reverse=True)
    return upcoming + past
