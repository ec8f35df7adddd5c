"""Who is making a request: one interface over local accounts and Clerk.

Local accounts (the default): an HTTP-only cookie holds an opaque session token.
Clerk (when ``CLERK_JWT_KEY`` is set): the Clerk session JWT, from the ``Authorization: Bearer``
header or the ``__session`` cookie, verified offline with the instance's PEM key.
Everything asks ``identify()``: state events through ``ui.acting.ActingState.acting_user``, REST routes
through ``acting_user`` here.
"""

from __future__ import annotations

import base64
import dataclasses
from collections.abc import Mapping
from typing import Any

from sqlmodel import Session
from starlette.requests import Request

from allpetplus.core.cookies import read_cookie
from allpetplus.core.logging import get_logger
from allpetplus.core.settings import settings
from allpetplus.user import service
from allpetplus.user.models import UserProfile

SESSION_COOKIE = "app_session"
log = get_logger("allpetplus.auth")


def clerk_enabled() -> bool:
    """True when Clerk's keys are configured."""
    return settings.uses_clerk


@dataclasses.dataclass(frozen=True)
class _Headers:
    headers: Mapping[str, str]


@dataclasses.dataclass(frozen=True)
class SignIn:
    """A verified sign-in: the user, the local browser session behind it (``session_id``, 0 with Clerk, whose
    sessions live at Clerk) and when it ends at the latest (``ends_at``, Unix time: the local session's expiry,
    or the Clerk session token's)."""

    user: UserProfile
    session_id: int
    ends_at: int


def _clerk_sign_in(session: Session, headers: Mapping[str, str]) -> SignIn | None:
    # Imported here: the SDK takes about half a second to load and only a Clerk setup needs it.
    from clerk_backend_api.security import authenticate_request
    from clerk_backend_api.security.types import AuthenticateRequestOptions

    parties = [p.strip() for p in settings.CLERK_AUTHORIZED_PARTIES.split(",") if p.strip()] or [settings.MAIN_URL]
    # The SDK looks up "Authorization" and "cookie" with exactly that case.
    given = {"Authorization": headers.get("authorization", ""), "cookie": headers.get("cookie", "")}
    state = authenticate_request(
        _Headers({name: value for name, value in given.items() if value}),
        AuthenticateRequestOptions(
            jwt_key=settings.CLERK_JWT_KEY,
            authorized_parties=parties,
            accepts_token=["session_token"],
        ),
    )
    if not state.is_signed_in:
        reason = getattr(state.reason, "value", (state.reason,))[0] if state.reason else "unknown"
        if reason != "session-token-missing":
            log.info("clerk token refused", reason=reason)
        return None
    payload = state.payload or {}
    issuer = clerk_issuer()
    if issuer and payload.get("iss") != issuer:
        log.info("clerk token refused", reason="wrong-issuer")
        return None
    user = service.clerk_user(
        session,
        clerk_id=str(payload["sub"]),
        email=str(payload.get("email", "")),
        display_name=str(payload.get("name", "")),
    )
    return SignIn(user=user, session_id=0, ends_at=int(payload["exp"]))


def clerk_issuer() -> str:
    """The Clerk instance's issuer URL, derived from the publishable key (``pk_test_<base64 host>$``)."""
    key = settings.CLERK_PUBLISHABLE_KEY
    if not key.startswith(("pk_test_", "pk_live_")):
        return ""
    encoded = key.split("_", 2)[2]
    try:
        host = base64.b64decode(encoded + "=" * (-len(encoded) % 4)).decode().rstrip("$")
    except (ValueError, UnicodeDecodeError):
        return ""
    return f"https://{host}"


def identity_headers(router_headers: Any) -> dict[str, str]:
    """The two request headers ``identify`` reads, from a websocket connection's headers (Reflex's router)."""
    return {"cookie": router_headers.cookie, "authorization": router_headers.raw_headers.get("authorization", "")}


def current_sign_in(session: Session, headers: Mapping[str, str]) -> SignIn | None:
    """The verified sign-in of a request or websocket (from its headers), or ``None``."""
    lowered = {k.lower(): v for k, v in headers.items()}
    if clerk_enabled():
        return _clerk_sign_in(session, lowered)
    found = service.session_for_token(session, read_cookie(lowered.get("cookie", ""), SESSION_COOKIE))
    if found is None:
        return None
    user, row = found
    return SignIn(user=user, session_id=row.id, ends_at=int(service.session_ends_at(row).timestamp()))


def identify(session: Session, headers: Mapping[str, str]) -> UserProfile | None:
    """The signed-in user of a request or websocket (from its headers), or ``None``."""
    sign_in = current_sign_in(session, headers)
    return sign_in.user if sign_in else None


def acting_user(session: Session, request: Request) -> UserProfile | None:
    """The user a REST request acts for (``None``: a visitor), as a FastAPI ``CurrentUser`` dependency would
    give it. Noted on the request, so a refusal is answered 401 for a visitor and 403 for a signed-in user
    (``core.rest.answers_refusals``)."""
    user = identify(session, request.headers)
    request.state.signed_in = user is not None
    return user


def session_token(headers: Mapping[str, str]) -> str:
    """The local session token carried by these headers ('' when none)."""
    lowered = {k.lower(): v for k, v in headers.items()}
    return read_cookie(lowered.get("cookie", ""), SESSION_COOKIE)
