"""Account rules: sign-up, sign-in, sessions, passwords, profile and preferences, roles."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, or_
from sqlmodel import Session, col, delete, select

from allpetplus.core import clock, ratelimit
from allpetplus.core.errors import NotFound, PermissionDenied, ValidationFailed
from allpetplus.core.models import utcnow
from allpetplus.core.outbox import publish
from allpetplus.core.security import hash_password, needs_rehash, new_token, token_digest, verify_password
from allpetplus.core.settings import settings
from allpetplus.user import verification
from allpetplus.user.models import Preferences, Role, UserProfile, UserPublic, UserSession
from allpetplus.user.permissions import require_admin

SESSION_LIFETIME = timedelta(days=14)
MIN_PASSWORD_LENGTH = 10
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_COMMON_PASSWORDS = {
    "password123", "1234567890", "qwertyuiop", "iloveyou12", "password12", "letmein123", "welcome123",
    "123456789a", "abcdefghij", "passw0rd12",
}  # fmt: skip
UNITS = ("kg", "lb")


CLERK_OWNS_ACCOUNTS = "Accounts are managed by Clerk here: sign in or sign up with the Clerk form."
ADDRESS_NOT_AVAILABLE = (
    "We could not create an account with this e-mail address. If it is yours, sign in instead: we have "
    "sent a note to that address."
)


class AuthFailed(ValidationFailed):
    """Wrong e-mail or password (deliberately not saying which)."""


def normalise_email(email: str) -> str:
    """E-mail addresses compare case-insensitively and without surrounding spaces."""
    return (email or "").strip().lower()


def email_problem(email: str) -> str | None:
    """Why ``email`` is not acceptable, or ``None``."""
    if not email:
        return "Enter your e-mail address."
    if len(email) > 254 or not _EMAIL.match(email):
        return "Enter a valid e-mail address, like name@example.com."
    return None


def password_problem(password: str, email: str = "") -> str | None:
    """Why ``password`` is too weak, or ``None``."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"Use at least {MIN_PASSWORD_LENGTH} characters."
    if len(password) > 200:
        return "Use at most 200 characters."
    if password.lower() in _COMMON_PASSWORDS or len(set(password)) < 5:
        return "This password is too easy to guess; try a short sentence."
    if not (re.search(r"[A-Za-z]", password) and re.search(r"[^A-Za-z]", password)):
        return "Mix letters with digits or symbols."
    if email and email.split("@")[0] and email.split("@")[0] in password.lower():
        return "Don't use your e-mail address in your password."
    return None


def public(user: UserProfile) -> UserPublic:
    """The user as shown to themselves and staff."""
    return UserPublic(
        id=user.id,
        email=user.email,
        display_name=user.display_name or user.email.split("@")[0],
        role=user.role.value,
        preferences=preferences_of(user),
    )


def preferences_of(user: UserProfile) -> Preferences:
    """The user's preferences with defaults filled in."""
    return Preferences(**{k: v for k, v in (user.preferences or {}).items() if k in Preferences.model_fields})


def find_by_email(session: Session, email: str) -> UserProfile | None:
    """The account with this e-mail, if any."""
    return session.exec(select(UserProfile).where(UserProfile.email == normalise_email(email))).first()


def require_local_accounts() -> None:
    """Local sign-up, sign-in and passwords exist only without Clerk; with Clerk on, Clerk owns them all."""
    if settings.uses_clerk:
        raise PermissionDenied(CLERK_OWNS_ACCOUNTS)


def sign_up(
    session: Session, *, email: str, password: str, display_name: str = "", client_ip: str = ""
) -> UserProfile | None:
    """Create a local account; field errors name the field.

    Every attempt counts against its network's limit before anything is looked up. An address that already
    has an account gets ``None``: the account is left alone and its owner, not the visitor, is told by
    e-mail (``user.sign_up_existing``, at most once a day); the form then says only that no account was
    created (``ADDRESS_NOT_AVAILABLE``), naming no field.
    """
    require_local_accounts()
    ratelimit.check("sign-up", ratelimit.network_of(client_ip))
    email = normalise_email(email)
    errors: dict[str, str] = {}
    if problem := email_problem(email):
        errors["email"] = problem
    if problem := password_problem(password, email):
        errors["password"] = problem
    if len(display_name.strip()) > 120:
        errors["display_name"] = "Use at most 120 characters."
    if errors:
        raise ValidationFailed(errors)
    if (owner := find_by_email(session, email)) is not None:
        publish(session, "user.sign_up_existing", {"user_id": owner.id, "email": owner.email,
                                                   "on": clock.today().isoformat()})  # fmt: skip
        return None
    user = UserProfile(
        email=email,
        display_name=display_name.strip(),
        password_hash=hash_password(password),
        preferences=Preferences().model_dump(),
    )
    session.add(user)
    session.flush()
    verification.send_link(session, user)
    return user


def authenticate(session: Session, *, email: str, password: str, client_ip: str = "") -> UserProfile:
    """The account for these credentials; rate limited per network, and per address from each network."""
    require_local_accounts()
    email, network = normalise_email(email), ratelimit.network_of(client_ip)
    ratelimit.check("sign-in-network", network)
    # Per address *and* network: a stranger's wrong guesses lock out their own network, never the owner.
    ratelimit.check("sign-in", email, network)
    user = find_by_email(session, email)
    if not verify_password(user.password_hash if user else None, password):
        raise AuthFailed({"password": "Wrong e-mail or password."})
    ratelimit.reset("sign-in", email, network)
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
        session.add(user)
    return user


def start_session(session: Session, user: UserProfile, user_agent: str = "", parent_id: int | None = None) -> str:
    """Open a browser session for ``user``; returns the token for the cookie (only its hash is kept).

    A sub-app's session names the main-app session it was handed over from (``parent_id``): it never
    outlives it, and ends with it (sign-out, password change, revocation: the database cascades).
    """
    token = new_token()
    expires_at = utcnow() + SESSION_LIFETIME
    if parent_id is not None:
        parent = session.get(UserSession, parent_id)
        if parent is None or parent.user_id != user.id:
            raise NotFound("That sign-in")
        expires_at = min(expires_at, _aware(parent.expires_at))
    session.add(
        UserSession(
            user_id=user.id,
            token_hash=token_digest(token),
            user_agent=user_agent[:200],
            expires_at=expires_at,
            parent_id=parent_id,
        )
    )
    session.flush()
    return token


def _aware(moment: datetime) -> datetime:
    """SQLite hands back naive UTC datetimes; PostgreSQL aware ones."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def session_for_token(session: Session, token: str) -> tuple[UserProfile, UserSession] | None:
    """The user and the row of a live session token, or ``None`` (unknown, ended or expired)."""
    if not token:
        return None
    found = session.exec(
        select(UserProfile, UserSession)
        .join(UserSession, col(UserSession.user_id) == UserProfile.id)
        .where(UserSession.token_hash == token_digest(token), col(UserSession.expires_at) > utcnow())
    ).first()
    return (found[0], found[1]) if found else None


def session_ends_at(row: UserSession) -> datetime:
    """When a session ends at the latest (timezone-aware)."""
    return _aware(row.expires_at)


def user_for_session(session: Session, token: str) -> UserProfile | None:
    """The user of a live session token, or ``None`` (unknown, ended or expired)."""
    found = session_for_token(session, token)
    return found[0] if found else None


def user_of_live_session(session: Session, session_id: int, user_id: int) -> UserProfile | None:
    """``user_id``'s account while their session ``session_id`` is live, else ``None`` (signed out, ended by a
    password change, revoked, expired, or someone else's): one lookup by primary key."""
    return session.exec(
        select(UserProfile)
        .join(UserSession, col(UserSession.user_id) == UserProfile.id)
        .where(UserSession.id == session_id, UserSession.user_id == user_id, col(UserSession.expires_at) > utcnow())
    ).first()


def end_session(session: Session, token: str) -> None:
    """Sign a browser out (the sub-app sessions handed over from it end with it)."""
    session.exec(delete(UserSession).where(UserSession.token_hash == token_digest(token)))


def end_other_sessions(session: Session, user: UserProfile, keep_token: str = "") -> int:
    """Sign the user out everywhere except the session holding ``keep_token`` (and the sub-app sessions handed
    over from it); returns how many sessions ended directly (their sub-app sessions end with them)."""
    stmt = delete(UserSession).where(UserSession.user_id == user.id)
    kept = session_for_token(session, keep_token) if keep_token else None
    if kept is not None:
        kept_id = kept[1].id
        stmt = stmt.where(
            UserSession.id != kept_id, or_(col(UserSession.parent_id).is_(None), UserSession.parent_id != kept_id)
        )
    return session.exec(stmt).rowcount


def change_password(session: Session, user: UserProfile, *, current: str, new: str, keep_token: str = "") -> None:
    """Replace the password after checking the current one; other browsers are signed out."""
    require_local_accounts()
    ratelimit.check("password-change", str(user.id))
    if not verify_password(user.password_hash, current):
        raise ValidationFailed.one("current_password", "That is not your current password.")
    if problem := password_problem(new, user.email):
        raise ValidationFailed.one("new_password", problem)
    if new == current:
        raise ValidationFailed.one("new_password", "Choose a password different from the current one.")
    user.password_hash = hash_password(new)
    session.add(user)
    end_other_sessions(session, user, keep_token)


def profile_problems(
    session: Session, user: UserProfile, *, display_name: str, email: str, units: str
) -> dict[str, str]:
    """What is wrong with a profile change (field → message; empty when nothing is)."""
    email = normalise_email(email)
    errors: dict[str, str] = {}
    if problem := email_problem(email):
        errors["email"] = problem
    elif email != user.email and find_by_email(session, email):
        errors["email"] = "Another account already uses this e-mail."
    if len(display_name.strip()) > 120:
        errors["display_name"] = "Use at most 120 characters."
    if units not in UNITS:
        errors["units"] = "Choose kg or lb."
    return errors


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
    """Save name, e-mail and preferences (that the default pet is the user's own is checked by the caller,
    ``application.account.update_profile``)."""
    if errors := profile_problems(session, user, display_name=display_name, email=email, units=units):
        raise ValidationFailed(errors)
    if normalise_email(email) != user.email:
        user.email, user.email_verified_at = normalise_email(email), None  # the new address is not proven yet
        session.add(user)
        session.flush()
        verification.send_link(session, user)
    user.display_name = display_name.strip()
    user.preferences = Preferences(
        units=units, marketing_opt_in=marketing_opt_in, default_pet_id=default_pet_id
    ).model_dump()
    session.add(user)
    session.flush()
    return user


def set_role(session: Session, email: str, role: Role) -> UserProfile:
    """Make the account with ``email`` staff (ADMIN) or a normal user."""
    user = find_by_email(session, email)
    if user is None:
        raise NotFound(f"An account for {normalise_email(email)}")
    user.role = role
    session.add(user)
    session.flush()
    return user


def clerk_user(session: Session, *, clerk_id: str, email: str = "", display_name: str = "") -> UserProfile:
    """The profile of a Clerk user, created on their first verified request."""
    user = session.exec(select(UserProfile).where(UserProfile.clerk_id == clerk_id)).first()
    email = normalise_email(email)
    if user is not None:
        if user.email_verified_at is None and email and user.email == email:
            verification.mark_verified(session, user)  # an account from before addresses were verified here
        return user
    if not email or email_problem(email) or find_by_email(session, email):
        email = f"{clerk_id.lower()}@users.clerk.invalid"
    user = UserProfile(
        clerk_id=clerk_id, email=email, display_name=display_name, preferences=Preferences().model_dump()
    )
    session.add(user)
    session.flush()
    verification.mark_verified(session, user)  # Clerk verified the address before it issued the token
    return user


def count_admins(session: Session) -> int:
    """How many staff accounts exist."""
    return session.exec(select(func.count()).select_from(UserProfile).where(UserProfile.role == Role.ADMIN)).one()


def list_users(session: Session, actor: UserProfile | None) -> list[UserPublic]:
    """Every account, for staff."""
    require_admin(actor)
    return [public(u) for u in session.exec(select(UserProfile).order_by(UserProfile.created_at, UserProfile.id))]


def change_role(session: Session, actor: UserProfile | None, user_id: int, role: Role) -> UserProfile:
    """Staff promote or demote an account; the last staff account cannot be demoted."""
    require_admin(actor)
    user = session.get(UserProfile, user_id)
    if user is None:
        raise NotFound("That account")
    if user.role == Role.ADMIN and role == Role.USER and count_admins(session) <= 1:
        raise ValidationFailed.one("role", "This is the last staff account; promote someone else first.")
    user.role = role
    session.add(user)
    session.flush()
    return user
