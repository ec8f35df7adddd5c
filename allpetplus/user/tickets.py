"""One-time login tickets: how a sign-in done over the websocket becomes an HTTP-only cookie.

The Reflex form signs the user in and stores the new session token under a random ticket for a
minute; the browser then visits ``/auth/session?ticket=...`` once and gets the cookie.
"""

from __future__ import annotations

from allpetplus.core.redis import get_redis
from allpetplus.core.security import new_token

TICKET_TTL_SECONDS = 60
_PREFIX = "allpetplus:login-ticket:"


def issue(session_token: str) -> str:
    """A ticket that can be exchanged once, within a minute, for ``session_token``."""
    ticket = new_token(24)
    get_redis().set(_PREFIX + ticket, session_token, ex=TICKET_TTL_SECONDS)
    return ticket


def redeem(ticket: str) -> str:
    """The session token behind ``ticket`` ('' when unknown, used or expired)."""
    if not ticket or len(ticket) > 64:
        return ""
    value = get_redis().getdel(_PREFIX + ticket)
    return value.decode() if value else ""
