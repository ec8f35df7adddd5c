"""Who may see and change what: the one place every page, state event and REST route asks."""

from __future__ import annotations

from typing import Protocol, TypeVar

from allpetplus.core.errors import NotFound, PermissionDenied
from allpetplus.user.models import UserProfile


class Owned(Protocol):
    """A record that belongs to one user."""

    user_id: int


T = TypeVar("T", bound=Owned)


def can_access(user: UserProfile | None, owner_id: int | None) -> bool:
    """The owner and staff may reach a user's record; nobody else."""
    return user is not None and (user.id == owner_id or user.is_admin)


def owned_or_404(user: UserProfile | None, record: T | None, what: str = "That record") -> T:
    """The record when ``user`` may reach it; otherwise "not found", so its existence is not revealed."""
    if record is None or not can_access(user, record.user_id):
        raise NotFound(what)
    return record


def require_user(user: UserProfile | None) -> UserProfile:
    """The signed-in user, or a refusal asking to sign in."""
    if user is None:
        raise PermissionDenied("Please sign in first.")
    return user


def require_admin(user: UserProfile | None) -> UserProfile:
    """The user when they are staff; a refusal otherwise."""
    if user is None or not user.is_admin:
        raise PermissionDenied("This area is for staff only.")
    return user
