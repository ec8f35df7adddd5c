"""The webhook ledger for staff: every delivery from every provider, its processing and effect, searchable,
with its payload and a replay."""

from __future__ import annotations

import json

from pydantic import BaseModel
from sqlmodel import Session, col, or_, select

from allpetplus.core.errors import NotFound
from allpetplus.core.inputs import InvalidJson, parse_json
from allpetplus.user.models import UserProfile
from allpetplus.user.permissions import require_admin
from allpetplus.webhook.models import DeliveryStatus, WebhookDelivery


class DeliveryView(BaseModel):
    """One delivery as the ledger lists it."""

    id: int
    provider: str
    event_id: str
    topic: str
    status: str
    outcome: str
    attempts: int
    received_at: str
    processed_at: str
    payload: str


def _view(row: WebhookDelivery) -> DeliveryView:
    try:
        payload = json.dumps(parse_json(row.body), indent=2, sort_keys=True)
    except InvalidJson:
        payload = row.body
    return DeliveryView(id=row.id, provider=row.provider, event_id=row.event_id, topic=row.topic,
                        status=row.status.value, outcome=row.outcome, attempts=row.attempts,
                        received_at=row.received_at.isoformat(timespec="seconds"),
                        processed_at=row.processed_at.isoformat(timespec="seconds") if row.processed_at else "",
                        payload=payload[:20_000])  # fmt: skip


def list_deliveries(
    session: Session,
    actor: UserProfile | None,
    *,
    provider: str = "",
    status: str = "",
    search: str = "",
    limit: int = 100,
) -> list[DeliveryView]:
    """The newest deliveries first, filtered by provider, status and text in the event id, topic or outcome."""
    require_admin(actor)
    query = select(WebhookDelivery).order_by(col(WebhookDelivery.id).desc()).limit(limit)
    if provider:
        query = query.where(WebhookDelivery.provider == provider)
    if status in DeliveryStatus.__members__:
        query = query.where(WebhookDelivery.status == DeliveryStatus(status))
    if search.strip():
        pattern = f"%{search.strip()}%"
        query = query.where(or_(col(WebhookDelivery.event_id).ilike(pattern), col(WebhookDelivery.topic).ilike(pattern),
                                col(WebhookDelivery.outcome).ilike(pattern)))  # fmt: skip
    return [_view(row) for row in session.exec(query)]


def replay(session: Session, actor: UserProfile | None, delivery_id: int) -> WebhookDelivery:
    """Apply a stored delivery again (handlers are idempotent: an order never moves backwards)."""
    actor = require_admin(actor)
    row = session.get(WebhookDelivery, delivery_id, with_for_update=True)
    if row is None:
        raise NotFound("That delivery")
    row.status, row.retry_at, row.attempts = DeliveryStatus.RECEIVED, None, 0
    row.outcome = f"replay requested by {actor.email}"[:300]
    session.add(row)
    session.flush()
    return row
