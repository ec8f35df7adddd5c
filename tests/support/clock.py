"""Running product code on a chosen day, by the product's one clock (never the real date)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from allpetplus.core import clock


def on(day: date | datetime, action: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """``action(*args, **kwargs)`` as if it were ``day``."""
    with clock.travel_to(day):
        return action(*args, **kwargs)
