"""The event bus: ``publish`` writes to the outbox inside the caller's transaction; the dispatcher hands
committed events to their subscribers through RQ. A crash between commit and dispatch loses nothing:
the scheduler dispatches whatever is still waiting.

Registering a subscriber is one decorator::

    @subscriber("order.created")
    def send_confirmation(session, payload): ...
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import event as sa_event
from sqlmodel import Session, col, select

from allpetplus.core.logging import get_logger
from allpetplus.core.models import utcnow
from allpetplus.events.models import OutboxEvent

log = get_logger("allpetplus.events")
Subscriber = Callable[[Session, dict[str, Any]], None]
SUBSCRIBERS: dict[str, list[Subscriber]] = {}


def subscriber(name: str) -> Callable[[Subscriber], Subscriber]:
    """Register ``fn(session, payload)`` for events called ``name``. Subscribers must be idempotent."""

    def register(fn: Subscriber) -> Subscriber:
        SUBSCRIBERS.setdefault(name, []).append(fn)
        return fn

    return register


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
        from allpetplus.core.queue import enqueue
        from allpetplus.jobs.events import dispatch_outbox_job

        enqueue(dispatch_outbox_job)
    except Exception as exc:  # noqa: BLE001 - the scheduler will dispatch it; never fail the committed change
        log.warning("outbox dispatch deferred", error=str(exc))


def _load_subscribers() -> None:
    from allpetplus.events import subscribers  # noqa: F401 - registers the subscribers


def dispatch(session: Session, limit: int = 200) -> int:
    """Hand waiting events to their subscribers (run in this process); returns how many were dispatched."""
    _load_subscribers()
    waiting = session.exec(
        select(OutboxEvent)
        .where(col(OutboxEvent.dispatched_at).is_(None))
        .order_by(OutboxEvent.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    ).all()
    for row in waiting:
        for fn in SUBSCRIBERS.get(row.name, []):
            with session.begin_nested():
                fn(session, row.payload)
        row.dispatched_at = utcnow()
        session.add(row)
    session.flush()
    return len(waiting)
