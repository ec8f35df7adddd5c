"""Rabies certificates, spay/neuter proof and vaccination certificates are private: never in the public
upload folder (Reflex serves it to anyone at ``/_upload``), gone with the record they belong to, and opened
only through a short-lived signed link made for someone who may still see them."""

import base64
import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from itsdangerous import URLSafeSerializer
from starlette.applications import Starlette
from starlette.testclient import TestClient

from allpetplus.core import clock, media
from allpetplus.core.settings import settings
from allpetplus.document import service as documents
from allpetplus.document.routes import routes as document_routes
from allpetplus.licence import applications, renewals, review, views
from allpetplus.pet import service as pets
from allpetplus.user.models import Role, UserProfile

TODAY = date(2026, 11, 26)
RABIES = b"%PDF-1.4\n% rabies certificate of Biscuit\n%%EOF"
ALTERED = b"%PDF-1.4\n% spay/neuter proof of Biscuit\n%%EOF"
VACCINE = b"\x89PNG\r\n\x1a\n" + b"photo of a vaccination card" + b"\0" * 32
OWNER = {"owner_name": "Dana Demo", "owner_email": "dana@example.com", "line1": "1 Main St", "city": "Austin",
         "region": "TX", "postal_code": "78701", "country": "US"}  # fmt: skip
PET = {"pet_name": "Biscuit", "species": "dog", "altered": "on", "contact_share": "EMAIL"}
SHOTS = {"rabies_vaccinated_on": "2026-06-01", "rabies_expires_on": "2029-06-01", "vet_clinic": "Austin Vet",
         "term_years": "1"}  # fmt: skip


@pytest.fixture(autouse=True)
def _on_a_fixed_day_with_empty_storage(monkeypatch, tmp_path):
    monkeypatch.setattr(settings, "VAR_DIR", tmp_path / "var")
    with clock.travel_to(TODAY):
        yield


@pytest.fixture
def people(seeded):
    owner = UserProfile(email="dana@example.com", display_name="Dana Demo")
    other = UserProfile(email="other@example.com")
    staff = UserProfile(email="staff@example.com", role=Role.ADMIN)
    seeded.add_all([owner, other, staff])
    seeded.commit()
    return owner, other, staff


def files_holding(data: bytes, root: Path | None = None) -> list[Path]:
    """Every file under ``root`` (the whole var directory by default) with exactly these bytes."""
    root = root or settings.VAR_DIR
    return [path for path in root.rglob("*") if path.is_file() and path.read_bytes() == data]


def draft_with_documents(session, owner):
    licence = applications.start_application(session, owner, jurisdiction_code="springfield", pet_name="Biscuit")
    applications.save_step(session, owner, licence.id, "owner", OWNER)
    applications.save_step(session, owner, licence.id, "pet", PET)
    applications.save_step(session, owner, licence.id, "vaccination", SHOTS)
    applications.attach_document(session, owner, licence.id, "rabies", RABIES)
    applications.attach_document(session, owner, licence.id, "altered", ALTERED)
    session.commit()
    return licence


def vaccination_with_certificate(session, owner):
    pet = pets.create_pet(session, owner, pets.PetInput(name="Biscuit", species="dog"))
    row = pets.add_vaccination(session, owner, pet.id, name="Rabies", given_on=date(2026, 6, 1),
                               expires_on=date(2029, 6, 1))  # fmt: skip
    pets.attach_vaccination_document(session, owner, row.id, VACCINE)
    session.commit()
    return pet, row


def test_private_documents_never_land_in_the_public_upload_folder(seeded, people):
    owner, *_ = people
    draft_with_documents(seeded, owner)
    vaccination_with_certificate(seeded, owner)
    for document in (RABIES, ALTERED, VACCINE):
        assert len(files_holding(document)) == 1
        assert files_holding(document, media.uploads_dir()) == []


def test_a_vaccination_certificate_is_deleted_with_the_vaccination(seeded, people):
    owner, *_ = people
    _pet, row = vaccination_with_certificate(seeded, owner)
    pets.delete_vaccination(seeded, owner, row.id)
    seeded.commit()
    assert files_holding(VACCINE) == []


def test_a_pets_certificates_are_deleted_with_the_pet(seeded, people):
    owner, *_ = people
    pet, _row = vaccination_with_certificate(seeded, owner)
    pets.delete_pet(seeded, owner, pet.id)
    seeded.commit()
    assert files_holding(VACCINE) == []


def test_a_replaced_document_is_deleted(seeded, people):
    owner, *_ = people
    licence = draft_with_documents(seeded, owner)
    applications.attach_document(seeded, owner, licence.id, "rabies", RABIES + b"\n% the new scan")
    seeded.commit()
    assert files_holding(RABIES) == []
    assert len(files_holding(RABIES + b"\n% the new scan")) == 1


def test_a_document_another_record_uses_is_kept(seeded, people):
    """A licence prefilled from a pet uses the pet's rabies certificate; a renewal uses its licence's."""
    owner, _, staff = people
    pet, row = vaccination_with_certificate(seeded, owner)
    licence = applications.start_application(seeded, owner, jurisdiction_code="springfield", pet_id=pet.id)
    assert licence.rabies_certificate_id == row.document_id
    pets.delete_vaccination(seeded, owner, row.id)
    seeded.commit()
    assert len(files_holding(VACCINE)) == 1

    licence = draft_with_documents(seeded, owner)
    applications.submit(seeded, owner, licence.id)
    review.mark_fee_paid(seeded, staff, licence.id)
    review.approve(seeded, staff, licence.id)
    renewal = renewals.renew(seeded, owner, licence.id)
    applications.attach_document(seeded, owner, renewal.id, "altered", ALTERED + b"\n% a new note from the vet")
    seeded.commit()
    assert len(files_holding(ALTERED)) == 1  # still the first licence's proof


def test_an_upload_whose_change_is_rolled_back_leaves_no_file(seeded, people):
    owner, *_ = people
    licence = draft_with_documents(seeded, owner)
    applications.attach_document(seeded, owner, licence.id, "rabies", RABIES + b"\n% never saved")
    seeded.rollback()
    assert files_holding(RABIES + b"\n% never saved") == []
    assert len(files_holding(RABIES)) == 1


@pytest.fixture
def client(seeded):
    """The document route as every app mounts it, on the test database."""
    return TestClient(Starlette(routes=document_routes), follow_redirects=False)


def links(view) -> dict[str, str]:
    return {document["label"]: document["url"] for document in view.documents}


def assert_not_found(response) -> None:
    assert response.status_code == 404
    assert response.headers["cache-control"] == "private, no-store"
    assert RABIES not in response.content


def test_the_owner_and_staff_open_a_document_through_their_own_link(client, seeded, people):
    owner, _, staff = people
    licence = draft_with_documents(seeded, owner)
    for viewer in (owner, staff):
        url = links(views.view(seeded, licence, viewer))["Rabies certificate"]
        assert url.startswith("/documents/") and "_upload" not in url
        response = client.get(url)  # no cookie: the link itself says who it was made for
        assert response.status_code == 200 and response.content == RABIES
        assert response.headers["content-type"] == "application/pdf"
        assert response.headers["cache-control"] == "private, no-store"
        assert response.headers["content-disposition"] == 'inline; filename="rabies-certificate.pdf"'
    _pet, row = vaccination_with_certificate(seeded, owner)
    [vaccination] = pets.list_pets(seeded, owner)[0].vaccinations
    assert vaccination.id == row.id and client.get(vaccination.document_url).content == VACCINE


def test_a_link_is_refused_when_forged_expired_or_no_longer_allowed(client, seeded, people):
    owner, other, staff = people
    licence = draft_with_documents(seeded, owner)
    url = links(views.view(seeded, licence, owner))["Rabies certificate"]
    token = url.removeprefix("/documents/")
    assert_not_found(client.get(f"/documents/{token[:-2]}{'AA' if token[-2:] != 'AA' else 'BB'}"))
    document_id, _viewer, expires = json.loads(base64.urlsafe_b64decode(token.split(".")[0] + "=="))
    forged = URLSafeSerializer(b"not the app secret", salt="private-document-link").dumps(
        [document_id, other.id, expires]
    )
    assert_not_found(client.get(f"/documents/{forged}"))
    assert_not_found(client.get(documents.link(document_id, other)))  # made for someone who may not see it

    with clock.travel_to(clock.now() + documents.LINK_LIFETIME + timedelta(seconds=1)):
        assert_not_found(client.get(url))

    staff_url = links(views.view(seeded, licence, staff))["Rabies certificate"]
    staff.role = Role.USER
    seeded.add(staff)
    seeded.commit()
    assert_not_found(client.get(staff_url))  # no longer staff

    _pet, row = vaccination_with_certificate(seeded, owner)
    certificate = pets.list_pets(seeded, owner)[0].vaccinations[0].document_url
    assert client.get(certificate).status_code == 200
    pets.delete_vaccination(seeded, owner, row.id)
    seeded.commit()
    assert_not_found(client.get(certificate))  # deleted with its record
