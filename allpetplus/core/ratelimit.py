"""Rate limits on Redis with a sliding window (the ``limits`` library), shared by every process."""

from __future__ import annotations

import functools
import ipaddress
import math
import time

from limits import parse
from limits.storage import RedisStorage
from limits.strategies import SlidingWindowCounterRateLimiter

from allpetplus.core.errors import RateLimited
from allpetplus.core.redis import redis_url

#: Each scope: what it allows, and how the refusal names the action.
LIMITS = {
    "sign-in": ("10/5 minutes", "sign-in attempts"),  # per address and network
    "sign-in-network": ("100/5 minutes", "sign-in attempts from your network"),
    "sign-up": ("20/hour", "sign-ups from your network"),
    "password-change": ("10/hour", "password changes"),
    "lookup": ("30/minute", "lookups"),
    "public-api": ("300/minute", "requests"),
    "card-setup": ("20/hour", "attempts to add a card"),  # per account: each one opens a page at Stripe
    "verify-email": ("5/hour", "confirmation e-mails"),  # per account: each one sends an e-mail
}


@functools.cache
def _limiter(url: str) -> SlidingWindowCounterRateLimiter:
    uri = "redis+unix://" + url.removeprefix("unix://") if url.startswith("unix://") else url
    return SlidingWindowCounterRateLimiter(RedisStorage(uri, key_prefix="allpetplus:ratelimit"))


def limiter() -> SlidingWindowCounterRateLimiter:
    """The limiter on the product's Redis."""
    return _limiter(redis_url())


def network_of(address: str) -> str:
    """What a per-network limit counts: an IPv4 address, or the /64 of an IPv6 address (one home or phone
    gets a whole /64, so its last 64 bits change freely)."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address[:64] or "unknown"
    if ip.version == 6 and ip.ipv4_mapped is None:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(getattr(ip, "ipv4_mapped", None) or ip)


def check(scope: str, *identifiers: str) -> None:
    """Count one attempt at ``scope`` for ``identifiers``; raise ``RateLimited`` when over the limit."""
    limit, what = LIMITS[scope]
    item = parse(limit)
    strategy = limiter()
    if not strategy.hit(item, scope, *identifiers):
        stats = strategy.get_window_stats(item, scope, *identifiers)
        raise RateLimited(what, max(1, math.ceil(stats.reset_time - time.time())))


def reset(scope: str, *identifiers: str) -> None:
    """Forget the attempts of ``identifiers`` (e.g. after a successful sign-in)."""
    limiter().clear(parse(LIMITS[scope][0]), scope, *identifiers)
