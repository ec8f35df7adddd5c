"""Short-lived signed identity tokens that the main app hands to the embedded apps.

A token names the user, the main app as issuer and one embedded app as audience, lives for a minute
and can be used once (its id is remembered in Redis until it expires). It also names the main-app
sign-in it comes from (``sid``: the user's session row, never its secret token; and ``sxp``: when that
sign-in ends at the latest), so the embedded app can keep checking, on every event, that the sign-in is
still live (``signed_in_user``). A token for a sub-app's ``/auth/callback`` is also bound to one browser
(``bnd``: the hash of its browser cookie, ``core.cookies``).
"""

from __future__ import annotations

import dataclasses
import time
import uuid

import jwt
from sqlmodel import Session

from allpetplus.core.redis import get_redis
from allpetplus.core.security import derived_key
from allpetplus.core.settings import settings
from allpetplus.user import service
from allpetplus.user.auth import SignIn
from allpetplus.user.models import UserProfile

TOKEN_TTL_SECONDS = 60
_ALGORITHM = "HS256"
_REQUIRED = ["sub", "iss", "aud", "iat", "exp", "jti", "sid", "sxp"]


class HandoffError(ValueError):
    """The token was refused; the message says why (for logs, not for users)."""


@dataclasses.dataclass(frozen=True)
class Grant:
    """What a verified token says: who, from which main-app sign-in (``session_id``, 0 with Clerk), until when
    at the latest (``ends_at``, Unix time), and for which browser (``browser``, '' for the dashboard's frame)."""

    user_id: int
    session_id: int
    ends_at: int
    browser: str = ""


def mint(sign_in: SignIn, audience: str, browser: str = "") -> str:
    """A token telling the app at ``audience`` that this sign-in is live on the main app; with ``browser`` (a
    browser binding) it is good only in that browser."""
    now = int(time.time())
    claims = {
        "sub": str(sign_in.user.id),
        "iss": settings.MAIN_URL,
        "aud": audience,
        "iat": now,
        "exp": now + TOKEN_TTL_SECONDS,
        "jti": uuid.uuid4().hex,
        "sid": sign_in.session_id,
        "sxp": sign_in.ends_at,
        **({"bnd": browser} if browser else {}),
    }
    return jwt.encode(claims, derived_key("embed-handoff"), algorithm=_ALGORITHM)


def verify(token: str, audience: str) -> Grant:
    """The grant in a valid, unused token meant for ``audience``; ``HandoffError`` otherwise."""
    try:
        claims = jwt.decode(
            token,
            derived_key("embed-handoff"),
            algorithms=[_ALGORITHM],
            audience=audience,
            issuer=settings.MAIN_URL,
            options={"require": _REQUIRED},
        )
    except jwt.PyJWTError as exc:
        raise HandoffError(type(exc).__name__) from None
    if not get_redis().set(f"allpetplus:handoff-jti:{claims['jti']}", 1, nx=True, ex=TOKEN_TTL_SECONDS + 5):
        raise HandoffError("replayed token")
    try:
        return Grant(
            user_id=int(claims["sub"]),
            session_id=int(claims["sid"]),
            ends_at=int(claims["sxp"]),
            browser=str(claims.get("bnd", "")),
        )
    except (TypeError, ValueError):
        raise HandoffError("bad claims") from None


def signed_in_user(session: Session, grant: Grant) -> UserProfile | None:
    """The grant's user while the main-app sign-in it came from is live, else ``None``.

    Local accounts: the session row must still exist, be the user's and be unexpired (one lookup by primary
    key), so signing out, a password change or a revoked session end it at once. Clerk sessions cannot be
    checked offline: the grant ends when the Clerk session token it was made from expires (Clerk's tokens
    live about a minute), so a Clerk sign-out reaches the embedded apps within that time.
    """
    if grant.ends_at <= time.time():
        return None
    if grant.session_id:
        return service.user_of_live_session(session, grant.session_id, grant.user_id)
    if settings.uses_clerk:
        return session.get(UserProfile, grant.user_id)
    return None
