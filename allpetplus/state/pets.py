"""State of ``/dashboard/pets``: the owner's pets, the pet form, weights, vaccinations and photos.

Every handler identifies the user from the connection and calls the pet service, which refuses
anything the user does not own with "not found".
"""

from __future__ import annotations

from datetime import date

import reflex as rx

from allpetplus.application.timeline import TimelineEntry, pet_timeline
from allpetplus.core import clock, media
from allpetplus.core.db import session_scope
from allpetplus.core.errors import DomainError, ValidationFailed
from allpetplus.core.inputs import record_id
from allpetplus.pet import service
from allpetplus.state.auth import AuthState
from allpetplus.ui.acting import problem, shows_refusals
from allpetplus.user.service import preferences_of


def _float(value: str) -> float | None:
    value = (value or "").strip().replace(",", ".")
    if not value:
        return None
    try:
        return float(value)
    except ValueError:
        return float("nan")


def _date(value: str) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


class PetsState(AuthState):
    """The pets tab."""

    pets: list[service.PetView] = []
    species: list[dict[str, str]] = []
    breed_names: list[str] = []
    units: str = "kg"
    notice: str = ""

    form_open: bool = False
    editing_id: int = 0
    form_species: str = "dog"
    form: dict[str, str] = {}
    errors: dict[str, str] = {}

    selected_id: int = 0
    weight_errors: dict[str, str] = {}
    vaccination_errors: dict[str, str] = {}
    photo_errors: dict[str, str] = {}
    confirm_delete_id: int = 0
    forms_saved: int = 0  # bumped after a successful entry: the small forms start empty again
    certificate_for: str = ""
    timeline: list[TimelineEntry] = []

    # ------------------------------------------------------------ loading

    def _reload(self, session) -> None:
        user = self.acting_user(session)
        if user is None:
            self.pets = []
            return
        self.units = preferences_of(user).units
        self.pets = service.list_pets(session, user)
        if not any(p.id == self.selected_id for p in self.pets):
            self.selected_id = self.pets[0].id if self.pets else 0
        self.timeline = pet_timeline(session, user, self.selected_id) if self.selected_id else []

    @rx.event
    def load(self):
        """Read the user's pets and the species list."""
        self.notice = ""
        with session_scope() as session:
            self.species = [{"slug": s.slug, "name": s.name} for s in service.species_options(session)]
            self._reload(session)
            self._load_breeds(session)

    def _load_breeds(self, session) -> None:
        self.breed_names = [b.name for b in service.breeds_for(session, self.form_species)]

    @rx.var
    def selected(self) -> service.PetView | None:
        """The pet whose details are open."""
        return next((p for p in self.pets if p.id == self.selected_id), None)

    @rx.var
    def weight_series(self) -> list[dict[str, float | str]]:
        """The selected pet's weights in the user's unit, for the chart."""
        pet = next((p for p in self.pets if p.id == self.selected_id), None)
        if pet is None:
            return []
        factor = service.GRAMS_PER_POUND if self.units == "lb" else 1000
        return [{"date": w.measured_on, "weight": round(w.weight_g / factor, 1)} for w in pet.weights]

    @rx.var
    def delete_name(self) -> str:
        """Name of the pet awaiting delete confirmation."""
        return next((p.name for p in self.pets if p.id == self.confirm_delete_id), "")

    # ------------------------------------------------------------ the pet form

    @rx.event
    def open_new(self):
        """Open an empty form."""
        self.editing_id = 0
        self.form = {"life_status": "ACTIVE"}
        self.errors = {}
        self.form_species = "dog"
        self.form_open = True
        with session_scope() as session:
            self._load_breeds(session)

    @rx.event
    def open_edit(self, pet_id: int):
        """Open the form filled with one of the user's pets."""
        pet = next((p for p in self.pets if p.id == pet_id), None)
        if pet is None:
            return rx.toast.error("That pet was not found.")
        self.editing_id = pet.id
        self.form_species = pet.species
        self.form = {
            "name": pet.name,
            "breed": pet.breed,
            "birth_date": pet.birth_date,
            "chest_girth_cm": "" if pet.chest_girth_cm is None else f"{pet.chest_girth_cm:g}",
            "neck_cm": "" if pet.neck_cm is None else f"{pet.neck_cm:g}",
            "microchip": pet.microchip,
            "life_status": pet.life_status,
        }
        self.errors = {}
        self.form_open = True
        with session_scope() as session:
            self._load_breeds(session)
        return None

    @rx.event
    def set_form_open(self, value: bool):
        """Close (or open) the form dialog."""
        self.form_open = value

    @rx.event
    def choose_species(self, slug: str):
        """Switch species; the breed list follows."""
        if slug not in {species["slug"] for species in self.species}:
            return rx.toast.error("Choose dog or cat.")
        self.form_species = slug
        with session_scope() as session:
            self._load_breeds(session)
        return None

    @rx.event
    def save(self, data: dict):
        """Create or update a pet from the form."""
        self.errors = {}
        pet_input = service.PetInput(
            name=str(data.get("name", "")),
            species=self.form_species,
            breed=str(data.get("breed", "")),
            birth_date=_date(str(data.get("birth_date", ""))),
            chest_girth_cm=_float(str(data.get("chest_girth_cm", ""))),
            neck_cm=_float(str(data.get("neck_cm", ""))),
            microchip=str(data.get("microchip", "")),
            life_status=str(data.get("life_status", "ACTIVE")),
        )
        if str(data.get("birth_date", "")) and pet_input.birth_date is None:
            self.errors = {"birth_date": "Enter the date as YYYY-MM-DD."}
            return None
        try:
            with session_scope() as session:
                user = self.acting_user(session)
                if self.editing_id:
                    pet = service.update_pet(session, user, self.editing_id, pet_input)
                    message = f"Saved {pet.name}."
                else:
                    pet = service.create_pet(session, user, pet_input)
                    message = f"Added {pet.name}" + (" as your primary pet." if pet.is_primary else ".")
                self.selected_id = pet.id
                self._reload(session)
        except ValidationFailed as exc:
            self.errors = exc.errors
            return None
        except DomainError as exc:
            self.form_open = False
            return rx.toast.error(str(exc))
        self.form_open = False
        self.notice = message
        return rx.toast.success(message)

    # ------------------------------------------------------------ primary, delete, select

    @rx.event
    @shows_refusals()
    def make_primary(self, pet_id: int):
        """Make a pet the primary one."""
        with session_scope() as session:
            pet = service.set_primary(session, self.acting_user(session), pet_id)
            name = pet.name
            self._reload(session)
        self.notice = f"{name} is now your primary pet."
        return rx.toast.success(self.notice)

    @rx.event
    def ask_delete(self, pet_id: int):
        """Ask for confirmation before deleting."""
        self.confirm_delete_id = pet_id

    @rx.event
    def cancel_delete(self):
        """Keep the pet."""
        self.confirm_delete_id = 0

    @rx.event
    @shows_refusals()
    def delete(self):
        """Delete the pet awaiting confirmation; say which pet (if any) is primary now."""
        pet_id, self.confirm_delete_id = self.confirm_delete_id, 0
        name = next((p.name for p in self.pets if p.id == pet_id), "The pet")
        with session_scope() as session:
            user = self.acting_user(session)
            was_primary = service.get_pet(session, user, pet_id).is_primary
            successor = service.delete_pet(session, user, pet_id)
            successor_name = successor.name if successor else ""
            self._reload(session)
        if successor_name:
            self.notice = f"Deleted {name}. {successor_name} is now your primary pet."
        elif was_primary:
            self.notice = f"Deleted {name}. You have no primary pet now."
        else:
            self.notice = f"Deleted {name}."
        return rx.toast.success(self.notice)

    @rx.event
    def select(self, pet_id: int):
        """Show one pet's weights, vaccinations and photo."""
        if any(p.id == pet_id for p in self.pets):
            self.selected_id = pet_id
            self.weight_errors = {}
            self.vaccination_errors = {}
            self.photo_errors = {}
            with session_scope() as session:
                self.timeline = pet_timeline(session, self.acting_user(session), pet_id)

    # ------------------------------------------------------------ weights, vaccinations, photo

    @rx.event
    @shows_refusals("weight_errors")
    def add_weight(self, data: dict):
        """Record a weighing of the selected pet, in the user's unit."""
        self.weight_errors = {}
        measured_on = _date(str(data.get("measured_on", ""))) or clock.today()
        value = _float(str(data.get("weight", "")))
        if value is None or value != value:
            self.weight_errors = {"weight": "Enter the weight as a number."}
            return None
        with session_scope() as session:
            service.add_weight(
                session,
                self.acting_user(session),
                self.selected_id,
                measured_on=measured_on,
                value=value,
                unit=self.units,
            )
            self._reload(session)
        self.forms_saved += 1
        return rx.toast.success("Weight added.")

    @rx.event
    @shows_refusals("vaccination_errors")
    def add_vaccination(self, data: dict):
        """Record a vaccination of the selected pet."""
        self.vaccination_errors = {}
        given_on = _date(str(data.get("given_on", "")))
        if given_on is None:
            self.vaccination_errors = {"given_on": "Enter the date it was given."}
            return None
        with session_scope() as session:
            row = service.add_vaccination(
                session,
                self.acting_user(session),
                self.selected_id,
                name=str(data.get("vaccine_name", "")),
                given_on=given_on,
                expires_on=_date(str(data.get("expires_on", ""))),
            )
            self.certificate_for = str(row.id)
            self._reload(session)
        self.forms_saved += 1
        return rx.toast.success("Vaccination added.")

    @rx.event
    def choose_certificate_for(self, vaccination_id: str):
        """Which vaccination the next certificate belongs to."""
        if vaccination_id and record_id(vaccination_id) is None:
            return rx.toast.error("Choose one of the vaccinations listed.")
        self.certificate_for = vaccination_id
        return None

    @rx.event
    @shows_refusals()
    async def attach_certificate(self, files: list[rx.UploadFile]):
        """Store a certificate (PDF or photo, checked) for the chosen vaccination."""
        self.vaccination_errors = {}
        vaccination_id = record_id(self.certificate_for)
        if not files or vaccination_id is None:
            self.vaccination_errors = {"document": "Choose the vaccination and a PDF or photo first."}
            return None
        try:
            data = await media.read_upload(files[0], media.MAX_DOCUMENT_BYTES, field="document")
            with session_scope() as session:
                service.attach_vaccination_document(session, self.acting_user(session), vaccination_id, data)
                self._reload(session)
        except ValidationFailed as exc:
            self.vaccination_errors = {"document": problem(exc)}
            return None
        return [rx.clear_selected_files("vaccination-doc"), rx.toast.success("Certificate attached.")]

    @rx.event
    @shows_refusals()
    def delete_vaccination(self, vaccination_id: int):
        """Remove a vaccination record."""
        with session_scope() as session:
            service.delete_vaccination(session, self.acting_user(session), vaccination_id)
            self._reload(session)
        return None

    @rx.event
    @shows_refusals("photo_errors")
    async def upload_photo(self, files: list[rx.UploadFile]):
        """Store the uploaded photo of the selected pet (checked for type and size)."""
        self.photo_errors = {}
        if not files:
            self.photo_errors = {"photo": "Choose a photo first."}
            return None
        upload = files[0]
        data = await media.read_upload(upload, media.MAX_IMAGE_BYTES, field="photo", what="photo")
        with session_scope() as session:
            service.set_photo(session, self.acting_user(session), self.selected_id, upload.filename or "", data)
            self._reload(session)
        return rx.toast.success("Photo saved.")
