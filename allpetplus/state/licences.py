"""State of the staff licence review queue. Every handler checks the staff role on the server."""

from __future__ import annotations

from typing import Any

import reflex as rx

from allpetplus.core.db import session_scope
from allpetplus.core.errors import DomainError
from allpetplus.core.inputs import record_id
from allpetplus.licence import review
from allpetplus.licence.views import LicenceView
from allpetplus.state.auth import AuthState
from allpetplus.ui.acting import shows_refusals


class LicenceReviewState(AuthState):
    """Submitted licence applications waiting for staff."""

    queue: list[LicenceView] = []
    errors: dict[str, str] = {}

    def _reload(self, session) -> None:
        self.queue = review.review_queue(session, self.acting_user(session))

    @rx.event
    def load(self):
        """Read the queue (staff only; others get nothing)."""
        with session_scope() as session:
            try:
                self._reload(session)
            except DomainError:
                self.queue = []

    @rx.event
    @shows_refusals()
    def approve(self, licence_id: int):
        """Approve: issue the tag and start the licence."""
        self.errors = {}
        with session_scope() as session:
            licence = review.approve(session, self.acting_user(session), licence_id)
            number = licence.tag_number
            self._reload(session)
        return rx.toast.success(f"Approved: tag {number}.")

    @rx.event
    @shows_refusals(brief=True)
    def mark_fee_paid(self, licence_id: int):
        """Record that the applicant paid the invoice (then the application can be approved)."""
        with session_scope() as session:
            review.mark_fee_paid(session, self.acting_user(session), licence_id)
            self._reload(session)
        return rx.toast.success("Fee recorded as paid; the application can be approved.")

    @rx.event
    def reject(self, form: dict[str, Any]):
        """Reject with the reason the applicant will read."""
        licence_id = record_id(form.get("licence_id"))
        if licence_id is None:
            return rx.toast.error("That licence was not found.")
        self.errors = {}
        try:
            with session_scope() as session:
                review.reject(session, self.acting_user(session), licence_id, str(form.get("reason", "")))
                self._reload(session)
        except DomainError as exc:
            return self.show_refusal(exc, "errors", prefix=f"{licence_id}:")
        return rx.toast.success("Rejected; the applicant has been told why.")
