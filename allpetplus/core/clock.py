"""The product's one clock: every rule that asks for "now" or "today" asks here.

Dates in rules (licence terms, reminders, box dates, timelines, ages) and timestamps on records all
come from ``now()`` and ``today()``. ``travel_to`` moves the clock for a block, for tests and for
tools such as ``python -m allpetplus.licence daily --on DAY``; time keeps running from there, so
records made one after the other still come in order. Security timestamps that other libraries
check against the system clock (JWT expiry, rate-limit windows) do not use it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta

_offset = timedelta(0)


def now() -> datetime:
    """The current time, timezone-aware in UTC."""
    return datetime.now(UTC) + _offset


def today() -> date:
    """Today's date where the shop runs (the local date of ``now()``)."""
    return now().astimezone().date()


def _moment(when: datetime | date) -> datetime:
    if isinstance(when, datetime):
        return when if when.tzinfo else when.replace(tzinfo=UTC)
    # Noon UTC is the same calendar day in every time zone from UTC-11 to UTC+11.
    return datetime.combine(when, time(12), tzinfo=UTC)


@contextlib.contextmanager
def travel_to(when: datetime | date) -> Iterator[datetime]:
    """Within the block the clock reads ``when`` (a date: noon UTC that day), then runs on from there."""
    global _offset
    previous = _offset
    _offset = _moment(when) - datetime.now(UTC)
    try:
        yield _moment(when)
    finally:
        _offset = previous
