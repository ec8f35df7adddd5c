"""Licences on a real (SQLite) database: a prefilled draft saved step by step, clear refusals, payment
through the order service, staff review with a tag, lookup, tag replacement, renewal and reminders."""

from datetime import date, timedelta

import pytest
from sqlmodel import select

from allpetplus.application import designs as design_rules
from allpetplus.application.timeline import pet_timeline
from allpetplus.builder import service as designs
from allpetplus.builder.config import HarnessConfig, validate_config
from allpetplus.builder.preview import build_scene, lookup_url, preview_key
from allpetplus.builder.pricing import quote_harness
from allpetplus.cart import service as carts
from allpetplus.core import clock
from allpetplus.core.errors import NotFound, PermissionDenied, ValidationFailed
from allpetplus.core.money import format_money
from allpetplus.document.models import PrivateDocument
from allpetplus.events.bus import dispatch
from allpetplus.events.models import EmailMessage
from allpetplus.licence import applications, lookup, renewals, review, tags, views
from allpetplus.licence.models import Licence, LicenceStatus
from allpetplus.order import service as orders
from allpetplus.order.models import OrderLine, OrderMeta, OrderStatus
from allpetplus.pet import service as pets
from allpetplus.pet.models import LifeStatus, PetProfile
from allpetplus.user.models import Role, UserProfile
from tests.support.clock import on
from tests.unit.test_builder_rules import PALETTE
from tests.unit.test_commerce import ADDRESS

TODAY = date(2026, 11, 26)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"
OWNER = {"owner_name": "Dana Demo", "owner_email": "dana@example.com", "owner_phone": "+1 512 555 0100",
         "owner_birth_date": "1950-03-01", "line1": "1 Main St", "city": "Austin", "region": "TX",
         "postal_code": "78701", "country": "US"}  # fmt: skip
PET = {"pet_name": "Biscuit", "species": "dog", "breed": "Beagle", "altered": "on", "microchip": "985112345678901",
       "contact_share": "EMAIL"}  # fmt: skip
VACCINE = {"rabies_vaccinated_on": "2026-06-01", "rabies_expires_on": "2029-06-01", "vet_clinic": "Austin Vet",
           "term_years": "1"}  # fmt: skip


@pytest.fixture(autouse=True)
def _on_a_fixed_day():
    """Every test here runs on ``TODAY`` by the product's clock, whatever the real date."""
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


def filled(session, owner, **vaccine) -> Licence:
    licence = applications.start_application(session, owner, jurisdiction_code="springfield", pet_name="Biscuit")
    applications.save_step(session, owner, licence.id, "owner", OWNER)
    applications.save_step(session, owner, licence.id, "pet", PET)
    applications.save_step(session, owner, licence.id, "vaccination", {**VACCINE, **vaccine})
    applications.attach_document(session, owner, licence.id, "rabies", PDF)
    applications.attach_document(session, owner, licence.id, "altered", PDF)
    return licence


def test_a_draft_is_prefilled_from_the_pet_profile(seeded, people):
    owner, *_ = people
    pet = pets.create_pet(seeded, owner, pets.PetInput(name="Biscuit", species="dog", breed="Beagle",
                                                       microchip="985112345678901"))  # fmt: skip
    pets.add_vaccination(seeded, owner, pet.id, name="Rabies", given_on=date(2026, 6, 1), expires_on=date(2029, 6, 1))
    licence = applications.start_application(seeded, owner, jurisdiction_code="springfield", pet_id=pet.id)
    assert (licence.pet_name, licence.species, licence.breed, licence.microchip) == (
        "Biscuit", "dog", "Beagle", "985112345678901")  # fmt: skip
    assert licence.rabies_expires_on == date(2029, 6, 1) and licence.owner_email == "dana@example.com"


def test_a_draft_always_names_its_pet(seeded, people):
    owner, other, staff = people
    with pytest.raises(ValidationFailed) as caught:
        applications.start_application(seeded, owner, jurisdiction_code="springfield", pet_name="   ")
    assert "pet's name" in caught.value.errors["pet_name"]
    theirs = pets.create_pet(seeded, other, pets.PetInput(name="Rex", species="dog"))
    for someone in (owner, staff):  # another owner's pet is nobody else's to license, staff included
        with pytest.raises(NotFound):
            applications.start_application(seeded, someone, jurisdiction_code="springfield", pet_id=theirs.id)
    assert seeded.exec(select(Licence)).all() == []
    licence = applications.start_application(seeded, owner, jurisdiction_code="springfield", pet_name=" Pip ")
    assert licence.pet_name == "Pip"


def test_only_the_owner_deletes_a_draft_and_its_documents_go_with_it(seeded, people):
    owner, other, staff = people
    kept = pets.create_pet(seeded, owner, pets.PetInput(name="Biscuit", species="dog"))
    pets.add_vaccination(seeded, owner, kept.id, name="Rabies", given_on=date(2026, 6, 1), expires_on=date(2029, 6, 1))
    licence = filled(seeded, owner)
    document_ids = (licence.rabies_certificate_id, licence.altered_proof_id)
    seeded.commit()
    for someone in (other, staff):
        with pytest.raises(NotFound):
            applications.delete_draft(seeded, someone, licence.id)
    with pytest.raises(PermissionDenied):
        applications.delete_draft(seeded, None, licence.id)
    applications.delete_draft(seeded, owner, licence.id)
    seeded.commit()
    assert seeded.get(Licence, licence.id) is None
    assert [seeded.get(PrivateDocument, d) for d in document_ids] == [None, None]
    assert views.list_licences(seeded, owner) == []
    assert seeded.get(PetProfile, kept.id) is not None
    with pytest.raises(NotFound):
        applications.delete_draft(seeded, owner, licence.id)


def test_a_submitted_application_cannot_be_deleted(seeded, people):
    owner, *_ = people
    licence = filled(seeded, owner)
    applications.submit(seeded, owner, licence.id)
    with pytest.raises(PermissionDenied):
        applications.delete_draft(seeded, owner, licence.id)
    assert seeded.get(Licence, licence.id).status == LicenceStatus.SUBMITTED


def test_the_review_shows_every_answer_in_words(seeded, people):
    owner, *_ = people
    licence = filled(seeded, owner, term_years="1")
    answers = {a["label"]: a["value"] for a in views.answers(licence) if a["step"] != "pet"}
    assert answers["State or province"] == "TX" and answers["Country"] == "United States"
    assert answers["Apartment, suite"] == "Not given" and answers["Date of birth"] == "1 Mar 1950"
    assert answers["Licence term"] == "1 year" and answers["Rabies vaccination date"] == "1 Jun 2026"
    assert answers["Rabies certificate"] == "Attached" and answers["Spay/neuter proof"] == "Attached"
    assert "Service animal documentation" not in answers
    pet = {a["label"]: a["value"] for a in views.answers(licence) if a["step"] == "pet"}
    assert pet["Spayed or neutered"] == "Yes" and pet["A finder sees"] == "My e-mail address"
    assert views.term_words(3) == "3 years"
    assert views.view(seeded, licence, owner).status_text == "Draft"


@pytest.mark.parametrize(
    ("step", "data", "field", "message"),
    [
        ("pet", {**PET, "microchip": "12345"}, "microchip", "15 digits"),
        ("pet", {**PET, "species": "ferret"}, "species", "dogs and cats"),
        ("vaccination", {**VACCINE, "rabies_expires_on": "2026-05-01"}, "rabies_expires_on", "after the date"),
        (
            "vaccination",
            {**VACCINE, "rabies_expires_on": "2027-06-01", "term_years": "3"},
            "term_years",
            "after the rabies vaccination expires on 1 June 2027",
        ),
        ("owner", {**OWNER, "owner_email": "nope", "postal_code": "1"}, "owner_email", "e-mail"),
    ],
    ids=["short-microchip", "unknown-species", "expiry-before-vaccination", "term-past-vaccine", "bad-owner"],
)
def test_bad_steps_are_refused_by_field_and_store_nothing(seeded, people, step, data, field, message):
    owner, *_ = people
    licence = applications.start_application(seeded, owner, jurisdiction_code="springfield", pet_name="Biscuit")
    seeded.commit()
    before = licence.model_dump()
    with pytest.raises(ValidationFailed) as caught:
        applications.save_step(seeded, owner, licence.id, step, data)
    assert message in caught.value.errors[field]
    seeded.rollback()
    assert seeded.get(Licence, licence.id).model_dump() == before


def test_wrong_document_type_and_another_users_application(seeded, people):
    owner, other, _ = people
    licence = applications.start_application(seeded, owner, jurisdiction_code="springfield", pet_name="Biscuit")
    with pytest.raises(ValidationFailed):
        applications.attach_document(seeded, owner, licence.id, "rabies", b"MZ\x90\x00 not a document")
    with pytest.raises(NotFound):
        applications.save_step(seeded, other, licence.id, "owner", OWNER)
    with pytest.raises(NotFound):
        views.get_licence(seeded, other, licence.id)
    with pytest.raises(NotFound):
        lookup.lookup(seeded, "SPR-2026-000000")


def test_submit_pay_by_invoice_approve_lookup_and_replace_the_tag(seeded, people):
    owner, other, staff = people
    licence = applications.start_application(seeded, owner, jurisdiction_code="springfield", pet_name="Biscuit")
    applications.save_step(seeded, owner, licence.id, "owner", OWNER)
    applications.save_step(seeded, owner, licence.id, "pet", PET)
    with pytest.raises(ValidationFailed) as caught:
        applications.submit(seeded, owner, licence.id)
    assert set(caught.value.errors) >= {"rabies_vaccinated_on", "rabies_certificate", "altered_proof"}

    licence = filled(seeded, owner)
    order = applications.submit(seeded, owner, licence.id, provider="invoice")
    assert licence.status == LicenceStatus.SUBMITTED
    assert (order.total_cents, order.status, order.provider) == (1000, OrderStatus.AWAITING_PAYMENT, "invoice")
    assert [line["label"] for line in licence.fee_breakdown] == [
        "Licence fee: altered dog, 1 year", "Senior owner discount (50%)"]  # fmt: skip
    with pytest.raises(PermissionDenied):
        applications.save_step(seeded, owner, licence.id, "pet", PET)
    with pytest.raises(PermissionDenied):
        review.approve(seeded, owner, licence.id)

    [waiting] = review.review_queue(seeded, staff)
    assert (waiting.id, waiting.payment, waiting.fee_paid, waiting.fee_to_record) == (
        licence.id, "Invoice sent", False, True)  # fmt: skip
    with pytest.raises(ValidationFailed, match="not been paid"):
        review.approve(seeded, staff, licence.id)  # an invoice is not a payment
    with pytest.raises(PermissionDenied):
        review.mark_fee_paid(seeded, owner, licence.id)
    review.mark_fee_paid(seeded, staff, licence.id)
    assert seeded.get(OrderMeta, order.id).status == OrderStatus.PAID
    [paid] = review.review_queue(seeded, staff)
    assert (paid.fee_paid, paid.fee_to_record) == (True, False)
    with pytest.raises(ValidationFailed, match="no invoice waiting"):
        review.mark_fee_paid(seeded, staff, licence.id)  # recorded once
    review.approve(seeded, staff, licence.id)
    assert licence.status == LicenceStatus.ACTIVE and licence.tag_number.startswith("SPR-2026-")
    assert (licence.starts_on, licence.expires_on) == (TODAY, date(2027, 11, 25))
    found = lookup.lookup(seeded, licence.tag_number.lower().replace("-", " "))
    assert found.pet_name == "Biscuit" and "dana@example.com" in found.contact
    assert "Main St" not in found.model_dump_json()

    old = licence.tag_number
    new = tags.replace_tag(seeded, owner, licence.id)
    assert new != old and lookup.lookup(seeded, new).pet_name == "Biscuit"
    with pytest.raises(NotFound):
        lookup.lookup(seeded, old)
    seeded.commit()
    dispatch(seeded)
    subjects = seeded.exec(select(EmailMessage.subject)).all()
    assert f"Biscuit's licence is approved: tag {old}" in subjects


def test_rejection_needs_a_reason_and_tells_the_owner(seeded, people):
    owner, _, staff = people
    licence = filled(seeded, owner)
    applications.submit(seeded, owner, licence.id)
    with pytest.raises(ValidationFailed):
        review.reject(seeded, staff, licence.id, "no")
    review.reject(seeded, staff, licence.id, "The certificate is for another dog.")
    seeded.commit()
    dispatch(seeded)
    mail = seeded.exec(select(EmailMessage)).all()[-1]
    assert "The certificate is for another dog." in mail.text and mail.to == "dana@example.com"
    fee = seeded.get(OrderMeta, licence.order_id)
    assert fee.status == OrderStatus.CANCELLED  # the invoice was never paid: nothing is owed
    assert f"The fee of {format_money(fee.total_cents)} is cancelled" in mail.text and "is cancelled" in mail.html


def test_a_rejected_application_whose_fee_was_paid_gets_it_back(seeded, people):
    owner, _, staff = people
    licence = filled(seeded, owner)
    applications.submit(seeded, owner, licence.id)
    review.mark_fee_paid(seeded, staff, licence.id)
    review.reject(seeded, staff, licence.id, "The certificate is for another dog.")
    seeded.commit()
    fee = seeded.get(OrderMeta, licence.order_id)
    assert fee.status == OrderStatus.REFUNDED and fee.refunded_cents == fee.total_cents
    dispatch(seeded)
    subjects = seeded.exec(select(EmailMessage.subject)).all()
    assert f"Your All Pet Plus order {fee.external_id}: {format_money(fee.total_cents)} refunded" in subjects
    [rejected] = seeded.exec(select(EmailMessage).where(EmailMessage.subject.contains("not approved"))).all()
    assert "has been refunded" in rejected.text


def test_reminders_30_and_7_days_before_expiry_once_each_then_expiry(seeded, people):
    owner, _, staff = people
    licence = filled(seeded, owner)
    applications.submit(seeded, owner, licence.id)
    review.mark_fee_paid(seeded, staff, licence.id)
    review.approve(seeded, staff, licence.id)
    expires = licence.expires_on
    assert on(expires - timedelta(days=31), renewals.daily, seeded)["reminded"] == 0
    assert on(expires - timedelta(days=30), renewals.daily, seeded)["reminded"] == 1
    assert on(expires - timedelta(days=29), renewals.daily, seeded)["reminded"] == 0
    assert on(expires - timedelta(days=7), renewals.daily, seeded)["reminded"] == 1
    assert on(expires, renewals.daily, seeded)["reminded"] == 0
    assert on(expires + timedelta(days=1), renewals.daily, seeded)["expired"] == 1
    assert licence.status == LicenceStatus.EXPIRED
    seeded.commit()
    dispatch(seeded)
    subjects = seeded.exec(select(EmailMessage.subject).where(EmailMessage.subject.contains("expires in"))).all()
    assert subjects == ["Biscuit's licence expires in 30 days", "Biscuit's licence expires in 7 days"]


def test_no_reminders_for_a_pet_marked_deceased(seeded, people):
    owner, _, staff = people
    pet = pets.create_pet(seeded, owner, pets.PetInput(name="Biscuit", species="dog"))
    licence = filled(seeded, owner)
    licence.pet_id = pet.id
    applications.submit(seeded, owner, licence.id)
    review.mark_fee_paid(seeded, staff, licence.id)
    review.approve(seeded, staff, licence.id)
    pet.life_status = LifeStatus.DECEASED
    seeded.add(pet)
    assert on(licence.expires_on - timedelta(days=30), renewals.daily, seeded)["reminded"] == 0


def test_renewal_carries_everything_over_and_starts_when_the_old_one_ends(seeded, people):
    owner, _, staff = people
    licence = filled(seeded, owner)
    applications.submit(seeded, owner, licence.id)
    review.mark_fee_paid(seeded, staff, licence.id)
    review.approve(seeded, staff, licence.id)
    seeded.exec(select(OrderMeta)).one()  # the fee's order
    soon = licence.expires_on - timedelta(days=20)
    renewal = on(soon, renewals.renew, seeded, owner, licence.id)
    assert renewal.step == 4 and renewal.pet_name == "Biscuit" and renewal.rabies_certificate_id
    assert on(soon, renewals.renew, seeded, owner, licence.id).id == renewal.id  # one open renewal at a time
    on(soon, applications.submit, seeded, owner, renewal.id)
    on(soon, review.mark_fee_paid, seeded, staff, renewal.id)
    on(soon, review.approve, seeded, staff, renewal.id)
    assert renewal.status == LicenceStatus.APPROVED and renewal.starts_on == licence.expires_on + timedelta(days=1)
    assert on(renewal.starts_on, renewals.daily, seeded)["activated"] == 1 and renewal.status == LicenceStatus.ACTIVE


def test_a_late_renewal_pays_the_late_fee_and_needs_new_rabies_proof(seeded, people):
    owner, _, staff = people
    licence = filled(seeded, owner, rabies_expires_on="2027-12-01")
    applications.submit(seeded, owner, licence.id)
    review.mark_fee_paid(seeded, staff, licence.id)
    review.approve(seeded, staff, licence.id)
    late = licence.expires_on + timedelta(days=45)
    on(late, renewals.daily, seeded)
    renewal = on(late, renewals.renew, seeded, owner, licence.id)
    assert renewal.step == 3 and renewal.rabies_certificate_id is None  # the old vaccination has run out
    on(late, applications.save_step, seeded, owner, renewal.id, "vaccination",
       {**VACCINE, "rabies_vaccinated_on": "2027-12-20", "rabies_expires_on": "2030-12-20"})  # fmt: skip
    assert [line["label"] for line in renewal.fee_breakdown][-1] == "Late fee (renewed more than 30 days after expiry)"


def test_one_timeline_per_pet_upcoming_first_then_history(seeded, people):
    owner, other, staff = people
    pet = pets.create_pet(seeded, owner, pets.PetInput(name="Biscuit", species="dog", breed="Beagle"))
    pets.add_vaccination(seeded, owner, pet.id, name="Rabies", given_on=date(2026, 6, 1), expires_on=date(2029, 6, 1))
    licence = applications.start_application(seeded, owner, jurisdiction_code="springfield", pet_id=pet.id)
    for step, data in (("owner", OWNER), ("pet", PET), ("vaccination", VACCINE)):
        applications.save_step(seeded, owner, licence.id, step, data)
    for kind in ("rabies", "altered"):
        applications.attach_document(seeded, owner, licence.id, kind, PDF)
    applications.submit(seeded, owner, licence.id)
    review.mark_fee_paid(seeded, staff, licence.id)
    review.approve(seeded, staff, licence.id)
    entries = pet_timeline(seeded, owner, pet.id)
    upcoming = [(e.on, e.title) for e in entries if e.upcoming]
    assert upcoming == [("2027-11-25", "Licence expires"), ("2029-06-01", "Rabies vaccination expires")]
    past = [e.title for e in entries if not e.upcoming]
    assert "Licence approved" in past and past[-1] == "Rabies vaccination"
    with pytest.raises(NotFound):
        pet_timeline(seeded, other, pet.id)


def test_the_tag_goes_on_the_harness_patch_with_its_qr_code_and_into_the_order(seeded, people):
    owner, other, staff = people
    licence = filled(seeded, owner)
    applications.submit(seeded, owner, licence.id)
    review.mark_fee_paid(seeded, staff, licence.id)
    review.approve(seeded, staff, licence.id)
    tag = licence.tag_number
    assert tags.active_tags(seeded, owner) == [{"number": tag, "label": f"Biscuit · {tag}"}]

    with pytest.raises(ValidationFailed) as caught:
        validate_config({"licence_tag": tag}, PALETTE)
    assert "ID patch" in caught.value.errors["licence_tag"]
    with pytest.raises(ValidationFailed):
        validate_config({"licence_tag": "not-a-tag", "id_patch": True}, PALETTE)
    config = validate_config({"licence_tag": tag, "id_patch": True}, PALETTE)
    assert quote_harness(config).lines[-1].label == f"Licence tag {tag} with lookup QR code (included)"
    scene = build_scene(config, PALETTE)
    assert "licence_qr" in scene.geometry and len(scene.geometry["licence_qr"].faces) > 1000
    assert lookup_url(tag).endswith(f"/lookup?tag={tag}")
    assert preview_key(config, PALETTE) != preview_key(HarnessConfig(id_patch=True), PALETTE)

    with pytest.raises(ValidationFailed) as caught:
        design_rules.save_design(seeded, other, config=config, palette=PALETTE, name="Not mine")
    assert "current licences" in caught.value.errors["licence_tag"]
    unchecked = designs.save_design(seeded, other, config=config, palette=PALETTE, name="Saved below the tag check")
    with pytest.raises(ValidationFailed, match="current licences"):
        design_rules.add_design_to_cart(seeded, other, unchecked.id, PALETTE)
    design = design_rules.save_design(seeded, owner, config=config, palette=PALETTE, name="Biscuit's", status="ACTIVE")
    design_rules.add_design_to_cart(seeded, owner, design.id, PALETTE)
    order = orders.checkout(seeded, carts.cart_for(seeded, owner), user=owner, email=owner.email, address=ADDRESS,
                            palette=PALETTE)  # fmt: skip
    line = seeded.exec(select(OrderLine).where(OrderLine.order_id == order.id)).one()
    assert line.config["licence_tag"] == tag and any(tag in entry["label"] for entry in line.breakdown)
