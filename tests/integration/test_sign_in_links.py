"""One-time sign-in links over HTTP (real SQLite and Redis): each works only in the browser it was made for,
so an attacker's link cannot sign a victim's browser into the attacker's account (login CSRF); and a
sub-app's session ends with the main-app session it was handed over from."""

from urllib.parse import urlsplit

import pytest
from starlette.applications import Starlette
from starlette.responses import HTMLResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from allpetplus.core.http import request_context
from allpetplus.core.settings import settings
from allpetplus.user import handoff, service, tickets
from allpetplus.user.auth import SESSION_COOKIE, current_sign_in
from allpetplus.user.routes import routes, sub_app_routes

PASSWORD = "walkies at 7 every day"


def browser(app_routes, app_name: str = "allpetplus") -> TestClient:
    """A browser on one app (its own cookie jar), behind the app's middleware, which gives each new browser
    its browser cookie on the first page."""
    return TestClient(request_context(app_name)(Starlette(routes=list(app_routes))), follow_redirects=False)


def local(url: str) -> str:
    """The path and query of a redirect to another app (each test browser talks to one app)."""
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}"


@pytest.fixture
def mallory(engine, redis_url, session):
    user = service.sign_up(session, email="mallory@example.com", password=PASSWORD)
    session.commit()
    return user


def signed_in_main(session, user, cookie: str = "app_browser=mallorys-browser") -> TestClient:
    """A browser signed in on the main app the way the sign-in form does it."""
    main = browser(routes)
    main.cookies.set("app_browser", cookie.split("=", 1)[1])
    ticket = tickets.issue(service.start_session(session, user, "main"), cookie)
    session.commit()
    assert main.get("/auth/session", params={"ticket": ticket}).status_code == 303
    assert main.cookies.get(SESSION_COOKIE)
    return main


def test_an_attackers_sign_in_link_does_nothing_in_the_victims_browser(mallory, session):
    ticket = tickets.issue(service.start_session(session, mallory, "main"), "app_browser=mallorys-browser")
    session.commit()
    victim = browser(routes)
    victim.cookies.set("app_browser", "victims-browser")
    response = victim.get("/auth/session", params={"ticket": ticket, "next": "/dashboard"})
    assert response.headers["location"] == "/sign-in?expired=1"
    assert SESSION_COOKIE not in response.headers.get("set-cookie", "")
    assert victim.get("/api/me").status_code == 401


def test_the_first_page_gives_a_browser_its_cookie():
    new = browser([Route("/", lambda _request: HTMLResponse("<html></html>"))])
    first = new.get("/")
    assert "app_browser=" in first.headers["set-cookie"] and "HttpOnly" in first.headers["set-cookie"]
    assert "set-cookie" not in new.get("/").headers  # it keeps the one it has


def test_sub_app_sign_in_goes_through_the_main_app_for_this_browser_only(mallory, session):
    main = signed_in_main(session, mallory)
    licensing = browser(sub_app_routes("licensing"), "licensing")

    start = licensing.get("/auth/start", params={"next": "/licences"})
    assert start.headers["location"].startswith(f"{settings.MAIN_URL}/auth/handoff?")
    handed = main.get(local(start.headers["location"]))
    assert handed.headers["location"].startswith(f"{settings.LICENSING_URL}/auth/callback?token=")
    callback = local(handed.headers["location"])

    victim = browser(sub_app_routes("licensing"), "licensing")
    victim.cookies.set("app_browser", "victims-browser")
    assert victim.get(callback).headers["location"] == "/?signin=expired"
    assert not victim.cookies.get(SESSION_COOKIE)

    handed_again = main.get(local(start.headers["location"]))
    arrived = licensing.get(local(handed_again.headers["location"]))
    assert arrived.headers["location"] == "/licences"
    sub_app_token = licensing.cookies.get(SESSION_COOKIE)
    assert service.user_for_session(session, sub_app_token).id == mallory.id

    main.get("/auth/signed-out")
    session.expire_all()
    assert service.user_for_session(session, sub_app_token) is None


def test_a_token_meant_for_the_dashboards_frame_does_not_open_a_sub_app_session(mallory, session):
    """The dashboard hands the embedded frame tokens bound to no browser; they are no sign-in link."""
    main_token = service.start_session(session, mallory, "main")
    session.commit()
    sign_in = current_sign_in(session, {"Cookie": f"{SESSION_COOKIE}={main_token}"})
    frame_token = handoff.mint(sign_in, settings.LICENSING_URL)
    victim = browser(sub_app_routes("licensing"), "licensing")
    victim.cookies.set("app_browser", "victims-browser")
    assert victim.get("/auth/callback", params={"token": frame_token}).headers["location"] == "/?signin=expired"


def test_a_handoff_without_a_browser_binding_starts_over_at_the_sub_app(mallory, session):
    main = signed_in_main(session, mallory)
    old_link = main.get("/auth/handoff", params={"app": "products", "next": "/cart"})
    assert old_link.headers["location"] == f"{settings.PRODUCTS_URL}/auth/start?next=%2Fcart"
