"""The event bus: events published to the outbox (``allpetplus.core.outbox.publish``, inside the caller's
transaction) are handed here, once committed, to their subscribers through RQ. A crash between commit and
dispatch loses nothing: the scheduler dispatches whatever is still waiting.

Registering a subscriber is one decorator (``"*"`` hears every event)::

    @subscriber("order.created")
    def send_confirmation(session, event): ...   # event.name, event.payload, event.id, event.created_at
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

from sqlmodel import Session, col, select

from allpetplus.core.logging import get_logger
from allpetplus.core.models import utcnow
from allpetplus.core.outbox import OutboxEvent

log = get_logger("allpetplus.events")
Subscriber = Callable[[Session, OutboxEvent], None]
SUBSCRIBERS: dict[str, list[Subscriber]] = {}
#: Modules whose ``@subscriber`` functions are registered before dispatching.
SUBSCRIBER_MODULES = ("allpetplus.events.subscribers", "allpetplus.analytics.recorder")


def subscriber(name: str) -> Callable[[Subscriber], Subscriber]:
    """Register ``fn(session, event)`` for events called ``name`` (``"*"``: all). Subscribers must be idempotent."""

    def register(fn: Subscriber) -> Subscriber:
        SUBSCRIBERS.setdefault(name, []).append(fn)
        return fn

    return register


def _load_subscribers() -> None:
    for module in SUBSCRIBER_MODULES:
        importlib.import_module(module)


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
    dispatched = 0
    for row in waiting:
        failed = False
        for fn in [*SUBSCRIBERS.get(row.name, []), *SUBSCRIBERS.get("*", [])]:
            try:
                with session.begin_nested():
                    fn(session, row)
            except Exception as exc:  # noqa: BLE001 - one broken subscriber must not hold up the others
                failed = True
                log.error("subscriber failed; the event stays in the outbox", event_id=row.id, name=row.name,
                          subscriber=fn.__name__, error=f"{type(exc).__name__}: {exc}")  # fmt: skip
        if failed:
            continue
        row.dispatched_at = utcnow()
        session.add(row)
        dispatched += 1
    session.flush()
    return dispatched
