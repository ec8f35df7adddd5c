"""Licence tags: new numbers, replacing a lost tag, and which tags are the user's to put on a harness."""

from __future__ import annotations

import secrets
from datetime import date

from sqlmodel import Session, col, select

from allpetplus.core import clock
from allpetplus.core.errors import ValidationFailed
from allpetplus.core.models import timeline_entry, utcnow
from allpetplus.licence.models import Licence, LicenceStatus, LicenceTag
from allpetplus.licence.rules import jurisdiction
from allpetplus.licence.views import get_licence
from allpetplus.user.models import UserProfile
from allpetplus.user.permissions import require_user

S = LicenceStatus


def new_tag_number(session: Session, code: str, today: date) -> str:
    """A tag number never issued before, e.g. ``SPR-2026-004217``."""
    prefix = jurisdiction(code)["tag_prefix"]
    while True:
        number = f"{prefix}-{today.year}-{secrets.randbelow(1_000_000):06d}"
        if session.exec(select(LicenceTag.id).where(LicenceTag.number == number)).first() is None:
            return number


def issue_tag(session: Session, licence: Licence, today: date) -> str:
    """Give the licence a new tag number (recorded, so it is never issued again); returns it."""
    number = new_tag_number(session, licence.jurisdiction, today)
    session.add(LicenceTag(number=number, licence_id=licence.id))
    licence.tag_number = number
    return number


def replace_tag(session: Session, user: UserProfile | None, licence_id: int) -> str:
    """A lost tag: the old number is retired (it no longer finds the pet) and a new one issued."""
    licence = get_licence(session, require_user(user), licence_id)
    if licence.status not in (S.ACTIVE, S.APPROVED):
        raise ValidationFailed.one("status", "Only a current licence's tag can be replaced.")
    old = session.exec(select(LicenceTag).where(LicenceTag.number == licence.tag_number)).first()
    if old is not None:
        old.retired_at = utcnow()
        session.add(old)
    number = issue_tag(session, licence, clock.today())
    licence.timeline = [
        *licence.timeline,
        timeline_entry(
            licence.status, "owner", f"Tag replaced: {number} (the old tag no longer identifies {licence.pet_name})."
        ),
    ]
    session.add(licence)
    session.flush()
    return number


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
