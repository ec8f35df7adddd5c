"""Cookies: reading one from a ``Cookie`` header, and the browser cookie.

Every app gives a browser, on the first page it loads, a random HTTP-only cookie (``app_browser``).
One-time sign-in links (the login ticket, the sub-apps' sign-in handoff) are bound to the hash of that
cookie when they are made and refused in any browser that does not hold it, so a link an attacker
made for their own account cannot sign a victim's browser into it (login CSRF).
"""

from __future__ import annotations

import hmac
from http.cookies import CookieError, SimpleCookie

from allpetplus.core.security import new_token, token_digest

BROWSER_COOKIE = "app_browser"
BROWSER_COOKIE_MAX_AGE = 400 * 24 * 3600  # the longest lifetime browsers allow


def read_cookie(cookie_header: str, name: str) -> str:
    """One cookie's value from a ``Cookie`` header ('' when absent or malformed)."""
    jar = SimpleCookie()
    try:
        jar.load(cookie_header or "")
    except CookieError:
        return ""
    morsel = jar.get(name)
    return morsel.value if morsel else ""


def browser_binding(cookie_header: str) -> str:
    """What a one-time link is bound to: the hash of this browser's cookie ('' when it has none)."""
    value = read_cookie(cookie_header, BROWSER_COOKIE)
    return token_digest(value) if value else ""


def same_browser(binding: str, cookie_header: str) -> bool:
    """Whether the browser sending ``cookie_header`` is the one ``binding`` was made for."""
    presented = browser_binding(cookie_header)
    return bool(binding and presented) and hmac.compare_digest(binding, presented)


def new_browser_cookie(secure: bool) -> tuple[str, str]:
    """A fresh browser cookie: its binding, and the ``Set-Cookie`` header value that gives it to the browser."""
    value = new_token()
    attributes = f"Path=/; Max-Age={BROWSER_COOKIE_MAX_AGE}; HttpOnly; SameSite=Lax" + ("; Secure" if secure else "")
    return token_digest(value), f"{BROWSER_COOKIE}={value}; {attributes}"
