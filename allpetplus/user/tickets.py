"""One-time login tickets: how a sign-in done over the websocket becomes an HTTP-only cookie.

The Reflex form signs the user in and stores the new session token under a random ticket for a
minute, bound to the browser that submitted the form (the hash of its browser cookie, read from the
websocket's ``Cookie`` header); that browser then visits ``/auth/session?ticket=...`` once and gets the
cookie. In any other browser the ticket is refused like an expired one (``core.cookies``).
"""

from __future__ import annotations

import json

from allpetplus.core.cookies import browser_binding, same_browser
from allpetplus.core.errors import ValidationFailed
from allpetplus.core.redis import get_redis
from allpetplus.core.security import new_token

TICKET_TTL_SECONDS = 60
_PREFIX = "allpetplus:login-ticket:"
NO_BROWSER_COOKIE = (
    "Your browser did not keep our sign-in cookie. Allow cookies for this site, reload the page and try again."
)


def issue(session_token: str, cookie_header: str) -> str:
    """A ticket that the browser sending ``cookie_header`` can exchange once, within a minute, for
    ``session_token``; ``ValidationFailed`` when that browser has no browser cookie to bind it to."""
    binding = browser_binding(cookie_header)
    if not binding:
        raise ValidationFailed.one("form", NO_BROWSER_COOKIE)
    ticket = new_token(24)
    get_redis().set(_PREFIX + ticket, json.dumps({"token": session_token, "browser": binding}), ex=TICKET_TTL_SECONDS)
    return ticket


def redeem(ticket: str, cookie_header: str) -> str:
    """The session token behind ``ticket`` if the browser sending ``cookie_header`` is the one it was issued
    to ('' when unknown, used, expired or another browser; a ticket is used up by any attempt)."""
    if not ticket or len(ticket) > 64:
        return ""
    value = get_redis().getdel(_PREFIX + ticket)
    if not value:
        return ""
    stored = json.loads(value)
    return stored["token"] if same_browser(stored["browser"], cookie_header) else ""
