"""State of the licensing app's public pages: the lost-pet lookup and the printable certificate."""

from __future__ import annotations

from typing import Any

import reflex as rx

from allpetplus.core import ratelimit
from allpetplus.core.db import session_scope
from allpetplus.core.errors import DomainError, NotFound
from allpetplus.core.inputs import record_id
from allpetplus.licence import lookup, views
from allpetplus.licence.lookup import LookupView
from allpetplus.licence.views import LicenceView
from allpetplus.ui.acting import ActingState

#: A tag number is 15 characters (``SPR-2026-004217``); a longer search is cut here, not stored whole.
MAX_TAG_CHARS = 40


class LookupState(rx.State):
    """A finder typing a tag number (or arriving from the QR code on the tag: ``/lookup?tag=…``)."""

    result: LookupView | None = None
    message: str = ""
    tag: str = ""

    def _find(self, text: str) -> None:
        self.result, self.message, self.tag = None, "", text.strip()[:MAX_TAG_CHARS]
        if not self.tag:
            self.message = "Enter the number printed on the tag."
            return
        try:
            ratelimit.check("lookup", ratelimit.network_of(self.router.session.client_ip))
            with session_scope() as session:
                self.result = lookup.lookup(session, self.tag)
        except NotFound:
            self.message = "No current licence has that tag number. Check the number on the tag and try again."
        except DomainError as exc:
            self.message = str(exc)

    @rx.event
    def load(self):
        """Look up the tag in the address, if any."""
        tag = self.router.url.query_parameters.get("tag", "")
        self.result, self.message, self.tag = None, "", ""
        if tag:
            self._find(tag)

    @rx.event
    def search(self, form: dict[str, Any]):
        """Look up the typed tag number."""
        self._find(str(form.get("tag", "")))


class CertificateState(ActingState, rx.State):
    """One licence's certificate, for its owner or staff."""

    licence: LicenceView | None = None
    status: str = "loading"

    @rx.event
    def load(self):
        """Read the licence in the address (others' licences are "not found")."""
        licence_id = record_id(self.router.page.params.get("id", ""))
        self.licence, self.status = None, "missing"
        if licence_id is None:
            return
        with session_scope() as session:
            user = self.acting_user(session)
            if user is None:
                self.status = "signed_out"
                return
            try:
                licence = views.get_licence(session, user, licence_id)
            except DomainError:
                return
            if licence.tag_number:
                self.licence, self.status = views.view(session, licence, user), "ready"
