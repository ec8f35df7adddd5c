"""Numbers, statuses and dates as people read them: one place for plurals and status words.

Used by services (e-mails, order summaries) and by the pages through their states, so "1 pets" or
"AWAITING_PAYMENT" never reaches a screen.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from enum import Enum

#: Words that do not just take an "s".
_IRREGULAR = {"box": "boxes", "person": "people", "child": "children", "address": "addresses"}

#: Statuses whose plain reading is not just the lower-cased name.
_STATUS_WORDS = {
    "awaiting_payment": "Awaiting payment",
    "pending_payment": "Awaiting payment",
    "payment_failed": "Payment failed",
    "partially_refunded": "Partly refunded",
    "in_review": "In review",
    "under_review": "In review",
    "needs_info": "More information needed",
}


def plural(count: int, word: str, many: str | None = None) -> str:
    """``"1 pet"``, ``"3 pets"``, ``"2 boxes"``: a count with its noun in the right number."""
    if count == 1:
        return f"{count} {word}"
    return f"{count} {many or _IRREGULAR.get(word) or word + 's'}"


def status_word(status: str | Enum | None) -> str:
    """A status as words: ``AWAITING_PAYMENT`` -> ``Awaiting payment``, ``ACTIVE`` -> ``Active``."""
    if status is None:
        return ""
    value = str(status.value if isinstance(status, Enum) else status).strip()
    key = value.lower().replace("-", "_").replace(" ", "_")
    if key in _STATUS_WORDS:
        return _STATUS_WORDS[key]
    return key.replace("_", " ").capitalize()


def day(value: date | datetime | None) -> str:
    """A day as people write it: ``1 Dec 2026`` (empty for none)."""
    if value is None:
        return ""
    return f"{value.day} {value.strftime('%b %Y')}"


def iso(value: datetime | date | None) -> str:
    """A moment in ISO 8601 for the browser to show in the reader's own time zone (empty for none); a stored
    moment without a zone is UTC, as every moment this product stores."""
    if isinstance(value, datetime) and value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.isoformat() if value is not None else ""
