"""State of ``/dashboard/designs``: list, open, duplicate, rename and delete saved designs."""

from __future__ import annotations

import reflex as rx

from allpetplus.application import pictures
from allpetplus.builder import service as designs
from allpetplus.core.db import session_scope
from allpetplus.core.errors import ValidationFailed
from allpetplus.state.auth import AuthState
from allpetplus.ui.acting import problem, shows_refusals


class DesignsState(AuthState):
    """The designs tab."""

    designs: list[designs.DesignSummary] = []
    renaming_id: int = 0
    rename_error: str = ""

    def _reload(self, session) -> None:
        self.designs = pictures.designs_with_pictures(session, designs.list_designs(session, self.acting_user(session)))

    @rx.event
    def load(self):
        """Read the user's designs."""
        self.renaming_id, self.rename_error = 0, ""
        with session_scope() as session:
            if self.acting_user(session) is not None:
                self._reload(session)

    @rx.event
    @shows_refusals()
    def duplicate(self, design_id: int):
        """Copy a design as a new draft."""
        with session_scope() as session:
            copy = designs.duplicate_design(session, self.acting_user(session), design_id)
            name = copy.name
            self._reload(session)
        return rx.toast.success(f"Made “{name}”.")

    @rx.event
    def start_rename(self, design_id: int):
        """Show the rename box for one design."""
        self.renaming_id, self.rename_error = design_id, ""

    @rx.event
    @shows_refusals()
    def rename(self, form: dict):
        """Save the new name (a name the rules refuse is explained beside the box)."""
        try:
            with session_scope() as session:
                designs.rename_design(session, self.acting_user(session), self.renaming_id, str(form.get("name", "")))
                self._reload(session)
        except ValidationFailed as exc:
            self.rename_error = problem(exc)
            return None
        self.renaming_id = 0
        return None

    @rx.event
    @shows_refusals()
    def delete(self, design_id: int):
        """Delete a design."""
        with session_scope() as session:
            designs.delete_design(session, self.acting_user(session), design_id)
            self._reload(session)
        return rx.toast.success("Design deleted.")
