"""The event outbox: ``publish`` records an event inside the caller's transaction, so it exists only if
the change commits; once it has, the dispatch job (``allpetplus.jobs.events``) hands it to the subscribers
of ``allpetplus.events``. Every domain announces what happened here and never calls the domains that react.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event as sa_event
from sqlmodel import Field, Session, SQLModel

from allpetplus.core.logging import get_logger
from allpetplus.core.models import created_at_field, json_field
from allpetplus.core.queue import enqueue_coalesced

log = get_logger("allpetplus.events")
#: The coalescing key of the dispatch job.
OUTBOX_KEY = "outbox-dispatch"
#: The dispatch job, named rather than imported: jobs sit above every domain that publishes.
DISPATCH_JOB = "allpetplus.jobs.events.dispatch_outbox_job"


class OutboxEvent(SQLModel, table=True):
    """An event written in the same transaction as the change it announces; dispatched afterwards."""

    __tablename__ = "outbox_event"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=64, index=True)
    payload: dict[str, Any] = json_field()
    created_at: datetime = created_at_field()
    dispatched_at: datetime | None = Field(default=None, sa_type=sa.DateTime(timezone=True), index=True)


def publish(session: Session, name: str, payload: dict[str, Any]) -> OutboxEvent:
    """Record an event in the current transaction (it exists only if the change commits)."""
    row = OutboxEvent(name=name, payload=payload)
    session.add(row)
    session.flush()
    if not session.info.get("allpetplus_dispatch_hook"):
        session.info["allpetplus_dispatch_hook"] = True
        sa_event.listen(session, "after_commit", _dispatch_soon, once=True)
    return row


def _dispatch_soon(session: Session) -> None:
    session.info.pop("allpetplus_dispatch_hook", None)
    try:
        enqueue_coalesced(DISPATCH_JOB, key=OUTBOX_KEY)
    except Exception as exc:  # noqa: BLE001 - the scheduler will dispatch it; never fail the committed change
        log.warning("outbox dispatch deferred", error=str(exc))
