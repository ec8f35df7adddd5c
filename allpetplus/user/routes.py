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


def _sub_app_url(name: str) -> str | None:
    from allpetplus.core import apps

    return apps.url_of(name) if name in {app.name for app in apps.embeddable()} else None


def handoff(request: Request) -> RedirectResponse:
    """``GET /auth/handoff?app=products&next=/cart`` (main app): send the signed-in user to a sub-app
    with a one-minute, single-use token; a visitor signs in first."""
    from urllib.parse import quote, urlencode

    from allpetplus.user import handoff as tokens

    app = request.query_params.get("app", "")
    next_path = safe_next(request.query_params.get("next"), "/")
    target = _sub_app_url(app)
    if target is None:
        return RedirectResponse("/", status_code=303)
    with session_scope() as session:
        user = identify(session, request.headers)
        if user is None:
            back = f"/auth/handoff?{urlencode({'app': app, 'next': next_path})}"
            return RedirectResponse(f"/sign-in?next={quote(back)}", status_code=303)
        token = tokens.mint(user.id, target)
    return RedirectResponse(f"{target}/auth/callback?{urlencode({'token': token, 'next': next_path})}", 303)


def callback(request: Request) -> RedirectResponse:
    """``GET /auth/callback?token=...`` (a sub-app): verify the main app's token and open a session here."""
    from allpetplus.ui.embed import own_url
    from allpetplus.user import handoff as tokens
    from allpetplus.user.models import UserProfile

    try:
        user_id = tokens.verify(request.query_params.get("token", ""), own_url())
    except tokens.HandoffError:
        return RedirectResponse("/?signin=expired", status_code=303)
    with session_scope() as session:
        user = session.get(UserProfile, user_id)
        if user is None:
            return RedirectResponse("/", status_code=303)
        token = service.start_session(session, user, request.headers.get("user-agent", ""))
    response = RedirectResponse(safe_next(request.query_params.get("next"), "/"), status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=int(service.SESSION_LIFETIME.total_seconds()),
        httponly=True,
        secure=_cookie_secure(),
        samesite="lax",
        path="/",
    )
    return response


def me(request: Request) -> JSONResponse:
    """``GET /api/me``: the signed-in user, or 401."""
    with session_scope() as session:
        user = identify(session, request.headers)
        if user is None:
            return JSONResponse({"detail": "Please sign in first."}, status_code=401)
        return JSONResponse(service.public(user).model_dump())


#: Routes of the sub-apps: the end of the sign-in handoff, and signing out.
sub_app_routes = [
    Route("/auth/callback", callback, methods=["GET"]),
    Route("/auth/signed-out", signed_out, methods=["GET", "POST"]),
]

routes = [
    Route("/auth/session", start_session, methods=["GET"]),
    Route("/auth/handoff", handoff, methods=["GET"]),
    Route("/auth/signed-out", signed_out, methods=["GET", "POST"]),
    Route("/api/me", me, methods=["GET"]),
]
