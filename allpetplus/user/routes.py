"""Account routes: turning a login ticket into the HTTP-only session cookie, signing out, ``/api/me``."""

from __future__ import annotations

from urllib.parse import urlsplit

from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse
from starlette.routing import Route

from allpetplus.core.db import session_scope
from allpetplus.core.settings import settings
from allpetplus.user import service, tickets
from allpetplus.user.auth import SESSION_COOKIE, identify, session_token


def safe_next(value: str | None, default: str = "/dashboard") -> str:
    """A local path to go to after signing in or out; anything else (other sites) becomes ``default``."""
    if not value:
        return default
    parts = urlsplit(value)
    if parts.scheme or parts.netloc or not value.startswith("/") or value.startswith("//") or "\\" in value:
        return default
    return value


def _cookie_secure() -> bool:
    return settings.MAIN_URL.startswith("https://")


def start_session(request: Request) -> RedirectResponse:
    """``GET /auth/session?ticket=...&next=/path``: set the session cookie once, then go on."""
    token = tickets.redeem(request.query_params.get("ticket", ""))
    if not token:
        return RedirectResponse("/sign-in?expired=1", status_code=303)
    response = RedirectResponse(safe_next(request.query_params.get("next")), status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=int(service.SESSION_LIFETIME.total_seconds()),
        httponly=True,
        secure=_cookie_secure(),
        samesite="lax",
        path="/",
    )
    response.headers["Cache-Control"] = "no-store"
    return response


def signed_out(request: Request) -> RedirectResponse:
    """``GET /auth/signed-out``: end the session (if any) and clear the cookie."""
    token = session_token(request.headers)
    if token:
        with session_scope() as session:
            service.end_session(session, token)
    response = RedirectResponse(safe_next(request.query_params.get("next"), "/"), status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, secure=_cookie_secure(), samesite="lax")
    return response


def me(request: Request) -> JSONResponse:
    """``GET /api/me``: the signed-in user, or 401."""
    with session_scope() as session:
        user = identify(session, request.headers)
        if user is None:
            return JSONResponse({"detail": "Please sign in first."}, status_code=401)
        return JSONResponse(service.public(user).model_dump())


routes = [
    Route("/auth/session", start_session, methods=["GET"]),
    Route("/auth/signed-out", signed_out, methods=["GET", "POST"]),
    Route("/api/me", me, methods=["GET"]),
]
