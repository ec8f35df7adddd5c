"""State of the staff area. Every handler checks the staff role on the server."""

from __future__ import annotations

import reflex as rx

from allpetplus.core.db import session_scope
from allpetplus.core.errors import DomainError
from allpetplus.state.auth import AuthState
from allpetplus.user import service
from allpetplus.user.models import Role, UserPublic


class AdminState(AuthState):
    """The staff overview: accounts and their roles."""

    users: list[UserPublic] = []

    @rx.event
    def load(self):
        """Read the accounts (staff only; others get nothing)."""
        with session_scope() as session:
            try:
                self.users = service.list_users(session, self.current_user(session))
            except DomainError:
                self.users = []

    @rx.event
    def set_role(self, user_id: int, role: str):
        """Promote or demote an account."""
        try:
            with session_scope() as session:
                actor = self.current_user(session)
                changed = service.change_role(session, actor, user_id, Role(role))
                self.users = service.list_users(session, actor)
        except (DomainError, ValueError) as exc:
            return rx.toast.error(str(exc))
        return rx.toast.success(f"{changed.email} is now {changed.role.value}.")
