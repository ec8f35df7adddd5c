"""Who is signed in, and the sign-in, sign-up and sign-out flows of the main app.

The browser's websocket carries the HTTP-only session cookie (or Clerk's ``__session`` cookie), so
the backend identifies the user from the connection's headers; nothing identifying is kept in the
browser's JavaScript.
"""

from __future__ import annotations

import json
from urllib.parse import quote

import reflex as rx
from reflex.istate.data import HeaderData
from sqlmodel import Session

from allpetplus.core.db import session_scope
from allpetplus.core.errors import ValidationFailed
from allpetplus.storefront.shopper import ShopperState
from allpetplus.ui.acting import shows_refusals
from allpetplus.user import service, tickets, verification
from allpetplus.user.auth import session_token
from allpetplus.user.models import UserProfile
from allpetplus.user.routes import safe_next


class AuthState(ShopperState):
    """The signed-in user as pages show them, and their cart; every main-app page loads it. Its
    ``acting_user`` is the browser's sign-in."""

    is_admin: bool = False

    def _remember(self, user: UserProfile | None) -> None:
        self.signed_in = user is not None
        self.display_name = service.public(user).display_name if user else ""
        self.email = user.email if user else ""
        self.is_admin = bool(user and user.is_admin)

    def _refresh_user(self) -> None:
        with session_scope() as session:
            self.is_admin = bool((user := self._know_shopper(session)) and user.is_admin)

    @rx.event
    def load_user(self):
        """Refresh who is signed in (every page load)."""
        self._refresh_user()

    @rx.event
    def require_user(self):
        """For pages that need an account: send a signed-out visitor to sign in, then back here."""
        self._refresh_user()
        if not self.signed_in:
            return rx.redirect(f"/sign-in?next={quote(self.router.url.path or '/dashboard')}", replace=True)

    @rx.event
    def require_admin(self):
        """For the staff area: a visitor signs in; a signed-in non-staff user is told no."""
        self._refresh_user()
        if not self.signed_in:
            return rx.redirect(f"/sign-in?next={quote(self.router.url.path or '/admin')}", replace=True)
        return None

    @rx.event
    def sign_out(self):
        """End this browser's session and clear its cookie."""
        token = session_token(self._headers())
        if token:
            with session_scope() as session:
                service.end_session(session, token)
        self._remember(None)
        return rx.call_script("window.location.assign('/auth/signed-out?next=/')")


def _enter_session(user: UserProfile, session: Session, headers: HeaderData, next_path: str) -> rx.event.EventSpec:
    """Open a session and send this browser (only this one: the ticket is bound to its browser cookie, read
    from the websocket's headers) to pick up its cookie."""
    token = service.start_session(session, user, headers.user_agent)
    ticket = tickets.issue(token, headers.cookie)
    target = f"/auth/session?ticket={ticket}&next={quote(safe_next(next_path))}"
    return rx.call_script(f"window.location.assign({json.dumps(target)})")


def go_on_to(path: str) -> rx.event.EventSpec:
    """Go to a local ``path`` after signing in: a page of this app in place, a server route (``/auth/...``, e.g.
    the handoff back to the licensing app) by loading it, since the frontend's router does not know it."""
    if path.startswith("/auth/"):
        return rx.call_script(f"window.location.replace({json.dumps(path)})")
    return rx.redirect(path, replace=True)


class SignInState(AuthState):
    """The sign-in form."""

    errors: dict[str, str] = {}
    working: bool = False

    @rx.event
    def reset_form(self):
        """Clear messages when the page opens; already signed-in visitors go straight on."""
        self.errors = {}
        self.working = False
        self._refresh_user()
        if self.signed_in:
            return go_on_to(safe_next(self.router.url.query_parameters.get("next")))
        if self.router.url.query_parameters.get("expired"):
            self.errors = {"form": "That sign-in link expired. Please sign in again."}
        return None

    @rx.event
    @shows_refusals("errors", form="form")
    def submit(self, form: dict):
        """Check the e-mail and password; on success the browser picks up its session cookie."""
        self.working = True
        self.errors = {}
        try:
            with session_scope() as session:
                user = service.authenticate(
                    session,
                    email=str(form.get("email", "")),
                    password=str(form.get("password", "")),
                    client_ip=self.router.session.client_ip,
                )
                return _enter_session(
                    user, session, self.router.headers, self.router.url.query_parameters.get("next", "")
                )
        finally:
            self.working = False


class SignUpState(AuthState):
    """The sign-up form."""

    errors: dict[str, str] = {}
    working: bool = False

    @rx.event
    def reset_form(self):
        """Clear messages when the page opens."""
        self.errors = {}
        self.working = False

    @rx.event
    @shows_refusals("errors", form="form")
    def submit(self, form: dict):
        """Create the account and sign it in."""
        self.working = True
        self.errors = {}
        try:
            with session_scope() as session:
                user = service.sign_up(
                    session,
                    email=str(form.get("email", "")),
                    password=str(form.get("password", "")),
                    display_name=str(form.get("display_name", "")),
                    client_ip=self.router.session.client_ip,
                )
                if user is None:
                    self.errors = {"form": service.ADDRESS_NOT_AVAILABLE}
                    return None
                return _enter_session(user, session, self.router.headers, "/dashboard/pets")
        finally:
            self.working = False


class VerifyEmailState(AuthState):
    """``/verify-email?token=…``: the link we e-mailed confirms the account's address when it is opened."""

    outcome: str = ""  # "confirmed" or "refused" once the link was checked
    message: str = ""
    confirmed_email: str = ""

    @rx.event
    def confirm(self):
        """Check the link in the address bar and confirm the address it names."""
        self.outcome, self.message, self.confirmed_email = "", "", ""
        token = self.router.url.query_parameters.get("token", "")
        try:
            with session_scope() as session:
                user = verification.confirm(session, token)
                self.confirmed_email = user.email
        except ValidationFailed as exc:
            self.outcome, self.message = "refused", exc.errors.get("token", verification.NOT_VALID)
            return
        self.outcome = "confirmed"
        self._refresh_user()
