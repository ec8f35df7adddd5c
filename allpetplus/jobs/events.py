"""Event jobs: dispatch the outbox."""

from __future__ import annotations

from allpetplus.core.db import session_scope
from allpetplus.core.outbox import OUTBOX_KEY
from allpetplus.core.queue import coalesced_started
from allpetplus.events.bus import dispatch


def dispatch_outbox_job() -> int:
    """Hand waiting events to their subscribers."""
    coalesced_started(OUTBOX_KEY)
    total = 0
    while True:
        with session_scope() as session:
            done = dispatch(session)
        total += done
        if done == 0:
            return total
