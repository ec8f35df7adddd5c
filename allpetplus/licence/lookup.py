"""The public lost-pet lookup: a tag number finds the pet's name, photo and the contact its owner allowed,
never the owner's address."""

from __future__ import annotations

import re

from pydantic import BaseModel
from sqlmodel import Session, select

from allpetplus.core.errors import NotFound
from allpetplus.licence.models import ContactShare, Licence, LicenceStatus, LicenceTag
from allpetplus.licence.rules import jurisdiction
from allpetplus.pet.models import PetProfile
from allpetplus.user.models import UserProfile

S = LicenceStatus


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
