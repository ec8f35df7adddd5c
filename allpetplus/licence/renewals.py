"""After approval: renewing a licence, and the daily job that starts, expires and reminds."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session, col, select

from allpetplus.core import clock
from allpetplus.core.errors import ValidationFailed
from allpetplus.core.models import timeline_entry
from allpetplus.core.outbox import publish
from allpetplus.licence.applications import requote, term_dates
from allpetplus.licence.models import Licence, LicenceStatus
from allpetplus.licence.views import event_payload, get_licence, long_date, open_renewal
from allpetplus.pet.models import LifeStatus, PetProfile
from allpetplus.user.models import UserProfile
from allpetplus.user.permissions import require_user

S = LicenceStatus
REMINDER_DAYS = (30, 7)


def renew(session: Session, user: UserProfile | None, licence_id: int) -> Licence:
    """A renewal draft with everything carried over; it opens at the vaccination step when the rabies
    vaccination would not cover a new 1-year term (new proof needed), else at the review."""
    today = clock.today()
    previous = get_licence(session, require_user(user), licence_id)
    if previous.status not in (S.ACTIVE, S.EXPIRED):
        raise ValidationFailed.one("status", "Only an active or expired licence can be renewed.")
    existing = open_renewal(session, previous)
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
        timeline=[timeline_entry(S.DRAFT, "owner", f"Renewal of tag {previous.tag_number}.")],
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
    requote(session, licence, today)
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
        licence.timeline = [*licence.timeline, timeline_entry(S.ACTIVE, "system", "Licence active.")]
        session.add(licence)
        counts["activated"] += 1
    for licence in session.exec(
        select(Licence).where(Licence.status == S.ACTIVE, col(Licence.expires_on) < today)
    ).all():
        licence.status = S.EXPIRED
        licence.timeline = [*licence.timeline, timeline_entry(S.EXPIRED, "system", "Licence expired.")]
        session.add(licence)
        publish(session, "licence.expired", event_payload(licence))
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
        if open_renewal(session, licence) is not None:
            continue
        licence.reminders_sent = [*licence.reminders_sent, *due]
        licence.timeline = [
            *licence.timeline,
            timeline_entry(licence.status, "system", f"Renewal reminder sent ({days_left} days left)."),
        ]
        session.add(licence)
        publish(
            session,
            "licence.expiring",
            {
                **event_payload(licence),
                "days_left": days_left,
                "reminder": min(due),
                "tag_number": licence.tag_number or "",
                "expires_on": long_date(licence.expires_on),
            },
        )
        counts["reminded"] += 1
    session.flush()
    return counts
