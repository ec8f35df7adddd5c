"""The analytics subscriber: every published event becomes one ``AnalyticsEvent`` row.

Payload keys it understands: ``user_id``, ``visitor``, ``reference`` or ``design_id`` (the subject),
``total_cents`` and ``currency``. Personal data (e-mail, address, lines) is not copied.
"""

from __future__ import annotations

from sqlmodel import Session

from allpetplus.analytics.models import AnalyticsEvent
from allpetplus.core.db import insert_ignoring_duplicates
from allpetplus.core.outbox import OutboxEvent
from allpetplus.events.bus import subscriber

#: Payload keys kept as properties (small, and never personal).
KEPT = ("status", "source", "by", "kind", "lines_count", "has_design", "plan")


@subscriber("*")
def record(session: Session, event: OutboxEvent) -> None:
    """Record ``event`` once (a second dispatch of the same event inserts nothing)."""
    payload = event.payload or {}
    subject = payload.get("reference") or payload.get("design_id") or payload.get("subscription_id") or ""
    row = {
        "event_id": event.id,
        "name": event.name,
        "occurred_at": event.created_at,
        "user_id": payload.get("user_id"),
        "visitor": str(payload.get("visitor") or "")[:64],
        "subject": str(subject)[:128],
        # The money the event is about: a refund's own amount, else the order's total.
        "amount_cents": payload.get("amount_cents", payload.get("total_cents")),
        "currency": str(payload.get("currency") or "")[:3],
        "properties": {key: payload[key] for key in KEPT if key in payload},
    }
    session.execute(insert_ignoring_duplicates(session, AnalyticsEvent, ["event_id"]), row)
