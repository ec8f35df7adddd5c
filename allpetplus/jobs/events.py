"""Event jobs: dispatch the outbox."""

from __future__ import annotations

from allpetplus.core.db import session_scope


def dispatch_outbox_job() -> int:
    """Hand waiting events to their subscribers."""
    from allpetplus.events.bus import dispatch

    with session_scope() as session:
        return dispatch(session)
