"""Account routes: turning a login ticket into the HTTP-only session cookie, signing out, the sign-in
handoff to the sub-apps, ``/api/me``.

Every one-time link here (``/auth/session?ticket=``, ``/auth/callback?token=``) works only in the browser
it was made for (``core.cookies``): followed anywhere else it is refused like an expired link.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlencode, urlsplit

from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from allpetplus.core import apps
from allpetplus.core.cookies import browser_binding, new_browser_cookie, same_browser
from allpetplus.core.db import session_scope
from allpetplus.core.rest import answers_refusals
from allpetplus.core.settings import settings
from allpetplus.user import handoff as tokens
from allpetplus.user import service, tickets
from allpetplus.user.auth import SESSION_COOKIE, acting_user, current_sign_in, session_token
from allpetplus.user.permissions import require_user

_BINDING = re.compile(r"[0-9a-f]{64}")


def safe_next(value: str | None, default: str = "/dashboard") -> str:
    """A local path to go to after signing in or out; anything else (other sites) becomes ``default``."""
    if not value:
        return default
    parts = urlsplit(value)
    if parts.scheme or parts.netloc or not value.startswith("/") or value.startswith("//") or "\\" in value:
        return default
    return value


def _set_session_cookie(response: Response, token: str, secure: bool) -> None:
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=int(service.SESSION_LIFETIME.total_seconds()),
        httponly=True,
        secure=secure,
        samesite="lax",
        path="/",
    )


def _cookie_secure() -> bool:
    return settings.MAIN_URL.startswith("https://")


def start_session(request: Request) -> RedirectResponse:
    """``GET /auth/session?ticket=...&next=/path``: set the session cookie once, then go on; only in the
    browser that signed in."""
    token = tickets.redeem(request.query_params.get("ticket", ""), request.headers.get("cookie", ""))
    if not token:
        return RedirectResponse("/sign-in?expired=1", status_code=303)
    response = RedirectResponse(safe_next(request.query_params.get("next")), status_code=303)
    _set_session_cookie(response, token, _cookie_secure())
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


def _embeddable_url(name: str) -> str | None:
    return apps.url_of(name) if name in {app.name for app in apps.embeddable()} else None


def handoff(request: Request) -> RedirectResponse:
    """``GET /auth/handoff?app=products&next=/cart&browser=...`` (main app): send the signed-in user to a
    sub-app with a one-minute, single-use token good only in the browser named by ``browser`` (the binding
    the sub-app's ``/auth/start`` put there); a visitor signs in first."""
    app = request.query_params.get("app", "")
    next_path = safe_next(request.query_params.get("next"), "/")
    browser = request.query_params.get("browser", "")
    target = _embeddable_url(app)
    if target is None:
        return RedirectResponse("/", status_code=303)
    if not _BINDING.fullmatch(browser):
        return RedirectResponse(f"{target}/auth/start?{urlencode({'next': next_path})}", status_code=303)
    with session_scope() as session:
        sign_in = current_sign_in(session, request.headers)
        if sign_in is None:
            back = f"/auth/handoff?{urlencode({'app': app, 'next': next_path, 'browser': browser})}"
            return RedirectResponse(f"/sign-in?next={quote(back)}", status_code=303)
        token = tokens.mint(sign_in, target, browser=browser)
    return RedirectResponse(f"{target}/auth/callback?{urlencode({'token': token, 'next': next_path})}", 303)


def sub_app_routes(app_name: str) -> list[Route]:
    """The routes of a sub-app: signing in through the main app (``/auth/start`` then ``/auth/callback``),
    and signing out."""
    own_url = apps.url_of(app_name)
    secure = own_url.startswith("https://")

    def start(request: Request) -> RedirectResponse:
        """``GET /auth/start?next=/cart``: sign in through the main app, for this browser only."""
        next_path = safe_next(request.query_params.get("next"), "/")
        binding, new_cookie = browser_binding(request.headers.get("cookie", "")), ""
        if not binding:
            binding, new_cookie = new_browser_cookie(secure)
        query = urlencode({"app": app_name, "next": next_path, "browser": binding})
        response = RedirectResponse(f"{settings.MAIN_URL}/auth/handoff?{query}", status_code=303)
        if new_cookie:
            response.headers.append("set-cookie", new_cookie)
        return response

    def callback(request: Request) -> RedirectResponse:
        """``GET /auth/callback?token=...``: verify the main app's token and open a session here that ends with
        the main-app session it came from."""
        try:
            grant = tokens.verify(request.query_params.get("token", ""), own_url)
        except tokens.HandoffError:
            return RedirectResponse("/?signin=expired", status_code=303)
        if not same_browser(grant.browser, request.headers.get("cookie", "")):
            return RedirectResponse("/?signin=expired", status_code=303)
        with session_scope() as session:
            user = tokens.signed_in_user(session, grant)
            if user is None:
                return RedirectResponse("/?signin=expired", status_code=303)
            token = service.start_session(
                session, user, request.headers.get("user-agent", ""), parent_id=grant.session_id or None
            )
        response = RedirectResponse(safe_next(request.query_params.get("next"), "/"), status_code=303)
        _set_session_cookie(response, token, secure)
        response.headers["Cache-Control"] = "no-store"
        return response

    return [
        Route("/auth/start", start, methods=["GET"]),
        Route("/auth/callback", callback, methods=["GET"]),
        Route("/auth/signed-out", signed_out, methods=["GET", "POST"]),
    ]


@answers_refusals
def me(request: Request) -> JSONResponse:
    """``GET /api/me``: the signed-in user, or 401."""
    with session_scope() as session:
        user = require_user(acting_user(session, request))
        return JSONResponse(service.public(user).model_dump())


routes = [
    Route("/auth/session", start_session, methods=["GET"]),
    Route("/auth/handoff", handoff, methods=["GET"]),
    Route("/auth/signed-out", signed_out, methods=["GET", "POST"]),
    Route("/api/me", me, methods=["GET"]),
]
