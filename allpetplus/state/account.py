"""State of ``/account``: profile, preferences and password."""

from __future__ import annotations

import reflex as rx

from allpetplus.application import account
from allpetplus.core.db import session_scope
from allpetplus.core.errors import DomainError, ValidationFailed
from allpetplus.core.inputs import record_id
from allpetplus.pet import service as pets
from allpetplus.state.auth import AuthState
from allpetplus.ui.acting import shows_refusals
from allpetplus.user import service, verification
from allpetplus.user.auth import clerk_enabled, session_token


class AccountState(AuthState):
    """The account settings page."""

    profile: dict[str, str] = {}
    marketing_opt_in: bool = False
    pet_options: list[dict[str, str]] = []
    errors: dict[str, str] = {}
    password_errors: dict[str, str] = {}
    local_account: bool = True
    loaded_at: int = 0
    #: "confirmed", "unconfirmed" or "" (an account with no address of its own).
    email_status: str = ""

    @rx.event
    def load(self):
        """Fill the forms from the account."""
        self.errors, self.password_errors = {}, {}
        with session_scope() as session:
            user = self.acting_user(session)
            if user is None:
                return
            prefs = service.preferences_of(user)
            self.profile = {
                "display_name": user.display_name,
                "email": user.email,
                "units": prefs.units,
                "default_pet_id": str(prefs.default_pet_id or ""),
            }
            self.marketing_opt_in = prefs.marketing_opt_in
            self.email_status = _email_status(user)
            self.loaded_at += 1  # remounts the form, so its fields start from the saved values
            self.pet_options = [{"id": str(p.id), "name": p.name} for p in pets.list_pets(session, user)]
            self.local_account = not clerk_enabled()

    @rx.event
    def set_marketing(self, value: bool):
        """Tick or untick the newsletter box."""
        self.marketing_opt_in = value

    @rx.event
    def save_profile(self, data: dict):
        """Save name, e-mail, units, newsletter and default pet."""
        self.errors = {}
        try:
            with session_scope() as session:
                user = account.update_profile(
                    session,
                    self.acting_user(session),
                    display_name=str(data.get("display_name", "")),
                    email=str(data.get("email", "")),
                    units=str(data.get("units", "kg")),
                    marketing_opt_in=self.marketing_opt_in,
                    default_pet_id=record_id(data.get("default_pet_id")),
                )
                self._remember(user)
                self.profile = {**self.profile, "display_name": user.display_name, "email": user.email}
                self.email_status = _email_status(user)
        except ValidationFailed as exc:
            self.errors = exc.errors
            return None
        except (DomainError, AttributeError):
            return rx.toast.error("Please sign in again.")
        return rx.toast.success("Your settings are saved.")

    @rx.event
    @shows_refusals(brief=True)
    def send_verification(self):
        """E-mail a fresh link that confirms the account's address."""
        with session_scope() as session:
            user = self.acting_user(session)
            if user is None:
                return rx.toast.error("Please sign in again.")
            if not verification.request(session, user):
                self.email_status = _email_status(user)
                return rx.toast.info("Your e-mail address is already confirmed.")
            address = user.email
        return rx.toast.success(f"We sent a confirmation link to {address}.")

    @rx.event
    @shows_refusals("password_errors", form="form")
    def change_password(self, data: dict):
        """Change the password; other browsers are signed out."""
        self.password_errors = {}
        if str(data.get("new_password", "")) != str(data.get("confirm_password", "")):
            self.password_errors = {"confirm_password": "The two new passwords don't match."}
            return None
        with session_scope() as session:
            user = self.acting_user(session)
            if user is None:
                return rx.toast.error("Please sign in again.")
            service.change_password(
                session,
                user,
                current=str(data.get("current_password", "")),
                new=str(data.get("new_password", "")),
                keep_token=session_token(self._headers()),
            )
        return rx.toast.success("Password changed. Other browsers have been signed out.")


def _email_status(user) -> str:
    if user.email_verified_at is not None:
        return "confirmed"
    return "unconfirmed" if verification.needs_verification(user) else ""
