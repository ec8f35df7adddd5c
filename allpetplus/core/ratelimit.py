"""Rate limits on Redis with a sliding window (the ``limits`` library), shared by every process."""

from __future__ import annotations

import functools
import math
import time

from limits import parse
from limits.storage import RedisStorage
from limits.strategies import SlidingWindowCounterRateLimiter

from allpetplus.core.errors import RateLimited
from allpetplus.core.redis import redis_url

#: What each limit allows; the scope names the action in messages.
LIMITS = {
    "sign-in attempts": "10/5 minutes",
    "sign-ups": "5/hour",
    "password changes": "10/hour",
    "lookups": "30/minute",
}


@functools.cache
def _limiter(url: str) -> SlidingWindowCounterRateLimiter:
    uri = "redis+unix://" + url.removeprefix("unix://") if url.startswith("unix://") else url
    return SlidingWindowCounterRateLimiter(RedisStorage(uri, key_prefix="allpetplus:ratelimit"))


def limiter() -> SlidingWindowCounterRateLimiter:
    """The limiter on the product's Redis."""
    return _limiter(redis_url())


def check(scope: str, *identifiers: str) -> None:
    """Count one attempt at ``scope`` for ``identifiers``; raise ``RateLimited`` when over the limit."""
    item = parse(LIMITS[scope])
    strategy = limiter()
    if not strategy.hit(item, scope, *identifiers):
        stats = strategy.get_window_stats(item, scope, *identifiers)
        raise RateLimited(scope, max(1, math.ceil(stats.reset_time - time.time())))


def reset(scope: str, *identifiers: str) -> None:
    """Forget the attempts of ``identifiers`` (e.g. after a successful sign-in)."""
    limiter().clear(parse(LIMITS[scope]), scope, *identifiers)
