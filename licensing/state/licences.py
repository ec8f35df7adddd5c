"""State of the licensing app: the owner's licences and the application in four steps.

The same state serves the public site (the All Pet Plus session cookie says who it is) and the
dashboard's embedded tab (only the verified handoff token says who it is; cookies are not trusted
there). Every rule is in ``allpetplus.licence``.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import reflex as rx
from sqlmodel import Session

from allpetplus.application.checkout import LicenceFee, card_payments, checkout_and_pay
from allpetplus.cart.pricing import payment_window
from allpetplus.core import clock, media
from allpetplus.core.db import session_scope
from allpetplus.core.errors import DomainError, ValidationFailed
from allpetplus.core.inputs import record_id
from allpetplus.core.money import format_money
from allpetplus.core.settings import settings
from allpetplus.licence import applications, renewals, tags, views
from allpetplus.licence.applications import STEPS
from allpetplus.licence.models import Licence
from allpetplus.licence.views import LicenceView
from allpetplus.pet.models import LifeStatus
from allpetplus.pet.service import pets_of
from allpetplus.ui.acting import shows_refusals
from allpetplus.ui.embed import EmbedState
from allpetplus.user.models import UserProfile
from allpetplus.user.routes import safe_next

#: The public pages a visitor may come back to after signing in (anything else comes back to the licences).
PUBLIC_PAGES = ("/apply", "/licences")


def _values(licence: Licence) -> dict[str, str]:
    """The draft as form defaults (strings)."""
    address = licence.address or {}
    text = {
        "owner_name": licence.owner_name,
        "owner_email": licence.owner_email,
        "owner_phone": licence.owner_phone,
        "owner_birth_date": str(licence.owner_birth_date or ""),
        "pet_name": licence.pet_name,
        "species": licence.species,
        "breed": licence.breed,
        "colour": licence.colour,
        "pet_birth_date": str(licence.pet_birth_date or ""),
        "altered": "true" if licence.altered else "",
        "service_animal": "true" if licence.service_animal else "",
        "microchip": licence.microchip,
        "contact_share": licence.contact_share.value,
        "rabies_vaccinated_on": str(licence.rabies_vaccinated_on or ""),
        "rabies_expires_on": str(licence.rabies_expires_on or ""),
        "vet_clinic": licence.vet_clinic,
        "term_years": str(licence.term_years),
        # Only whether each document is attached: the page shows a badge, never the file.
        "rabies_doc": "attached" if licence.rabies_certificate_id else "",
        "altered_doc": "attached" if licence.altered_proof_id else "",
        "service_doc": "attached" if licence.service_proof_id else "",
    }
    text.update({k: str(address.get(k, "")) for k in ("line1", "line2", "city", "region", "postal_code")})
    text["country"] = str(address.get("country") or "US")
    return text


class LicensingState(EmbedState):
    """The signed-in owner's licences, and the application they are filling in."""

    identity: str = "checking"
    embedded: bool = False
    licences: list[LicenceView] = []
    pets: list[dict[str, str]] = []
    chosen_pet: str = ""
    sign_in_url: str = ""
    jurisdictions: list[dict[str, str]] = applications.jurisdiction_choices()
    draft_id: int = 0
    step: str = ""
    values: dict[str, str] = {}
    errors: dict[str, str] = {}
    problems: dict[str, str] = {}
    fee_lines: list[dict[str, str]] = []
    fee_total: str = ""
    fee_due: bool = True
    answers: list[dict[str, str]] = []
    card_payments: bool = False
    invoice_terms: str = (
        f"We e-mail the invoice now; pay it within {payment_window('invoice').days} days. Staff approve the licence "
        "once it is paid."
    )
    notice: str = ""
    form_key: int = 0

    # ------------------------------------------------------------ who is here

    def _identify(self, session: Session) -> UserProfile | None:
        """Who ``acting_user`` is: on the dashboard's tab the handed-over identity only (``EmbedState``); on the
        public site the browser's sign-in."""
        return super()._identify(session) if self.embedded else self._browser_user(session)

    def _refresh(self, session: Session, user: UserProfile | None) -> None:
        self.identity = "signed_in" if user else "signed_out"
        if user is None:
            self.licences, self.pets = [], []
            return
        self.licences = views.list_licences(session, user)
        living = [p for p in pets_of(session, user) if p.life_status == LifeStatus.ACTIVE]
        self.pets = [
            {"id": str(p.id), "name": p.name} for p in sorted(living, key=lambda p: (not p.is_primary, p.name))
        ]
        if self.chosen_pet not in {p["id"] for p in self.pets}:
            self.chosen_pet = self.pets[0]["id"] if self.pets else ""  # the primary pet, when there is one
        self.card_payments = card_payments()

    def _show(
        self, session: Session, user: UserProfile | None, licence: Licence, step: str | None, remount: bool
    ) -> None:
        self.draft_id = licence.id
        self.values = _values(licence)
        self.step = step or STEPS[min(licence.step, len(STEPS)) - 1]
        fee = views.view(session, licence, user)
        self.fee_lines = [{"label": line["label"], "amount": line["amount"]} for line in fee.fee_lines]
        self.fee_total = fee.fee_total if fee.fee_lines else ""
        self.fee_due = licence.fee_cents > 0 or not fee.fee_lines
        self.answers = views.answers(licence) if self.step == "review" else []
        self.problems = applications.missing(session, licence, clock.today()) if self.step == "review" else {}
        if remount:  # new defaults for the form; an upload keeps what the applicant is typing
            self.form_key += 1

    @rx.event
    def load_public(self):
        """Public pages: the owner from the All Pet Plus session cookie."""
        self.embedded, self.notice, self.errors = False, "", {}
        here = safe_next(self.router.url.path, "/licences").rstrip("/")  # served as /apply/ too
        back = here if here in PUBLIC_PAGES else "/licences"
        # Through the main app's sign-in, then back to this page of this app (``/auth/handoff``).
        self.sign_in_url = f"{settings.MAIN_URL}/auth/handoff?{urlencode({'app': 'licensing', 'next': back})}"
        with session_scope() as session:
            self._refresh(session, self.acting_user(session))

    @rx.event
    def load_embedded(self, _message: dict):
        """The dashboard tab: the owner from the verified handoff token only."""
        self.embedded = True
        with session_scope() as session:
            self._refresh(session, self.acting_user(session))

    # ------------------------------------------------------------ the application

    @shows_refusals("errors")
    def _then_show(self, action, *, step: str | None = None, success: str = "", remount: bool = True):
        """Run ``action(session, user)`` returning the licence to show; errors land beside the fields."""
        self.errors = {}
        with session_scope() as session:
            user = self.acting_user(session)
            licence = action(session, user)
            self._refresh(session, user)
            if licence is not None:
                self._show(session, user, licence, step, remount)
        return rx.toast.success(success) if success else None

    def _no_draft(self):
        """The answer to a step of an application when none is open (``None`` when one is)."""
        if self.draft_id and self.step in STEPS:
            return None
        return rx.toast.error("Start an application first, or continue a saved draft from your licences.")

    @rx.event
    def choose_pet(self, pet_id: str):
        """Which pet the start form is for (a pet of the profile, or ``""`` for one that is not in it: then the
        form asks for its name). Only what the form shows: ``start`` checks the pet is the owner's."""
        self.chosen_pet = str(pet_id)[:20]

    @rx.event
    def start(self, form: dict[str, Any]):
        """Start an application, prefilled from the chosen pet profile, or for a pet named in the form."""
        code, pet_id = str(form.get("jurisdiction", "")), record_id(form.get("pet_id"))
        name = "" if pet_id else str(form.get("pet_name", ""))[:200]
        return self._then_show(
            lambda s, u: applications.start_application(s, u, jurisdiction_code=code, pet_id=pet_id, pet_name=name)
        )

    @rx.event
    def delete_draft(self, licence_id: int):
        """Throw away one of the owner's drafts (and the documents only it used)."""
        licence = record_id(licence_id) or 0  # no record has id 0: "not found"

        def delete(session, user):
            applications.delete_draft(session, user, licence)
            if self.draft_id == licence:
                self.step, self.draft_id = "", 0

        return self._then_show(delete, success="Draft deleted.")

    @rx.event
    def open_draft(self, licence_id: int):
        """Continue a saved draft where it was left."""
        licence = record_id(licence_id) or 0
        return self._then_show(lambda s, u: applications.get_draft(s, u, licence))

    @rx.event
    def go_to(self, step: str):
        """Go back to an earlier step (nothing is lost: the draft keeps every saved step)."""
        if step in STEPS and STEPS.index(step) <= STEPS.index(self.step or "owner"):
            return self._then_show(lambda s, u: applications.get_draft(s, u, self.draft_id), step=step)
        return None

    @rx.event
    def save(self, form: dict[str, Any]):
        """Check this step, keep it on the draft, and move on (the review step is sent with ``submit``)."""
        if refusal := self._no_draft():
            return refusal
        step = self.step
        if step == STEPS[-1]:
            return rx.toast.info("Everything is saved: check the application and send it.")
        following = STEPS[STEPS.index(step) + 1]
        return self._then_show(lambda s, u: applications.save_step(s, u, self.draft_id, step, form), step=following)

    @rx.event
    async def attach(self, files: list[rx.UploadFile], kind: str):
        """Attach a document (PDF or image, checked by content and size)."""
        if refusal := self._no_draft():
            return refusal
        if not isinstance(kind, str) or kind not in views.DOCUMENTS:
            self.errors = {"document": "Choose which document this is."}
            return None
        field = views.DOCUMENTS[kind][1]
        if not files:
            self.errors = {field: "Choose a file first."}
            return None
        try:
            data = await media.read_upload(files[0], media.MAX_DOCUMENT_BYTES, field=field)
        except ValidationFailed as exc:
            self.errors = exc.errors
            return None

        def attach_and_show(session, user):
            applications.attach_document(session, user, self.draft_id, kind, data)
            return applications.get_draft(session, user, self.draft_id)

        return self._then_show(attach_and_show, step=self.step, success="Document attached.", remount=False)

    @rx.event
    async def submit(self, form: dict[str, Any]):
        """Submit the application and pay: by card (Stripe) or on invoice."""
        if refusal := self._no_draft():
            return refusal
        provider = str(form.get("provider", "invoice"))
        self.errors = {}
        try:
            with session_scope() as session:
                user = self.acting_user(session)
                back = settings.LICENSING_URL + ("/embed" if self.embedded else "/licences")
                paid = checkout_and_pay(session, user, LicenceFee(self.draft_id), provider=provider,
                                        success_url=back, cancel_url=back)  # fmt: skip
                order, url = paid.order, paid.pay_url
                self.notice = "Application sent; staff review it within two business days."
                if order is not None and order.provider == "invoice":
                    self.notice = (f"Application sent. Invoice {order.external_id} for "
                                   f"{format_money(order.total_cents, order.currency)} is in your e-mail; staff "
                                   "review it within two business days.")  # fmt: skip
                self._refresh(session, user)
        except ValidationFailed as exc:
            self.errors, self.problems = exc.errors, exc.errors
            return None
        except DomainError as exc:
            return rx.toast.error(str(exc))
        self.step, self.draft_id = "", 0
        return rx.redirect(url, is_external=True) if url else None

    @rx.event
    def close(self):
        """Leave the application (the draft stays saved)."""
        self.step, self.errors = "", {}

    # ------------------------------------------------------------ after approval

    @rx.event
    def renew(self, licence_id: int):
        """Start (or continue) the renewal of a licence."""
        licence = record_id(licence_id) or 0
        return self._then_show(lambda s, u: renewals.renew(s, u, licence))

    @rx.event
    def replace_tag(self, licence_id: int):
        """Report the tag lost: a new number, and the old one stops finding the pet."""
        number = ""

        def replace(session, user):
            nonlocal number
            number = tags.replace_tag(session, user, record_id(licence_id) or 0)

        result = self._then_show(replace)
        return result or (rx.toast.success(f"New tag number {number}.") if number else None)
