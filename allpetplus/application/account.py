"""Account use-cases that reach beyond the account itself."""

from __future__ import annotations

from sqlmodel import Session

from allpetplus.core.errors import ValidationFailed
from allpetplus.pet import service as pets
from allpetplus.user import service as users
from allpetplus.user.models import UserProfile


def update_profile(
    session: Session,
    user: UserProfile,
    *,
    display_name: str,
    email: str,
    units: str,
    marketing_opt_in: bool,
    default_pet_id: int | None,
) -> UserProfile:
    """Save name, e-mail and preferences; the default pet must be one of the user's own pets. Every wrong
    field is named at once, and nothing is saved while one is wrong."""
    errors = users.profile_problems(session, user, display_name=display_name, email=email, units=units)
    if default_pet_id is not None and pets.own_pet(session, user, default_pet_id) is None:
        errors["default_pet_id"] = "Choose one of your own pets."
    if errors:
        raise ValidationFailed(errors)
    return users.update_profile(
        session,
        user,
        display_name=display_name,
        email=email,
        units=units,
        marketing_opt_in=marketing_opt_in,
        default_pet_id=default_pet_id,
    )
