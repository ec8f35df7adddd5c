"""Short-lived signed identity tokens that the dashboard hands to the embedded apps.

A token names the user, the main app as issuer and one embedded app as audience, lives for a
minute and can be used once (its id is remembered in Redis until it expires).
"""

from __future__ import annotations

import time
import uuid

import jwt

from allpetplus.core.redis import get_redis
from allpetplus.core.security import derived_key
from allpetplus.core.settings import settings

TOKEN_TTL_SECONDS = 60
_ALGORITHM = "HS256"
_REQUIRED = ["sub", "iss", "aud", "iat", "exp", "jti"]


class HandoffError(ValueError):
    """The token was refused; the message says why (for logs, not for users)."""


def mint(user_id: int, audience: str) -> str:
    """A token telling the app at ``audience`` that ``user_id`` is signed in on the main app."""
    now = int(time.time())
    claims = {
        "sub": str(user_id),
        "iss": settings.MAIN_URL,
        "aud": audience,
        "iat": now,
        "exp": now + TOKEN_TTL_SECONDS,
        "jti": uuid.uuid4().hex,
    }
    return jwt.encode(claims, derived_key("embed-handoff"), algorithm=_ALGORITHM)


def verify(token: str, audience: str) -> int:
    """The user id in a valid, unused token meant for ``audience``; ``HandoffError`` otherwise."""
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
        return int(claims["sub"])
    except ValueError:
        raise HandoffError("bad subject") from None
