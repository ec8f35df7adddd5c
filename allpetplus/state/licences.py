"""State of the staff licence review queue. Every handler checks the staff role on the server."""

from __future__ import annotations

from typing import Any

import reflex as rx

from allpetplus.core.db import session_scope
from allpetplus.core.errors import DomainError, ValidationFailed
from allpetplus.core.inputs import record_id
from allpetplus.licence import review
from allpetplus.licence.views import LicenceView
from allpetplus.state.auth import AuthState


class LicenceReviewState(AuthState):
    """Submitted licence applications waiting for staff."""

    queue: list[LicenceView] = []
    errors: dict[str, str] = {}

    def _reload(self, session) -> None:
        self.queue = review.review_queue(session, self.current_user(session))

    @rx.event
    def load(self):
        """Read the queue (staff only; others get nothing)."""
        with session_scope() as session:
            try:
                self._reload(session)
            except DomainError:
                self.queue = []

    @rx.event
    def approve(self, licence_id: int):
        """Approve: issue the tag and start the licence."""
        self.errors = {}
        try:
            with session_scope() as session:
                licence = review.approve(session, self.current_user(session), licence_id)
                number = licence.tag_number
                self._reload(session)
        except DomainError as exc:
            return rx.toast.error(str(exc))
        return rx.toast.success(f"Approved: tag {number}.")

    @rx.event
    def mark_fee_paid(self, licence_id: int):
        """Record that the applicant paid the invoice (then the application can be approved)."""
        try:
            with session_scope() as session:
                review.mark_fee_paid(session, self.current_user(session), licence_id)
                self._reload(session)
        except DomainError as exc:
            return rx.toast.error(next(iter(exc.errors.values())) if isinstance(exc, ValidationFailed) else str(exc))
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
                review.reject(session, self.current_user(session), licence_id, str(form.get("reason", "")))
                self._reload(session)
        except ValidationFailed as exc:
            self.errors = {f"{licence_id}:{k}": v for k, v in exc.errors.items()}
            return None
        except DomainError as exc:
            return rx.toast.error(str(exc))
        return rx.toast.success("Rejected; the applicant has been told why.")
