"""Webhook jobs: drain the inbox. One run is requested per burst of deliveries (coalesced)."""

from __future__ import annotations

from allpetplus.core.db import session_scope
from allpetplus.core.queue import coalesced_started, enqueue_coalesced, get_queue

DRAIN_KEY = "webhook-drain"


def request_drain() -> None:
    """Ask for a drain unless one is already waiting in the queue."""
    enqueue_coalesced(drain_inbox_job, key=DRAIN_KEY)


def drain_inbox_job() -> int:
    """Apply every due delivery; if some wait for a retry, schedule a drain for when the first is due."""
    from allpetplus.webhook.service import drain, next_retry

    coalesced_started(DRAIN_KEY)
    handled = drain()
    with session_scope(read_only=True) as session:
        due = next_retry(session)
    if due is not None:
        get_queue().enqueue_at(due, drain_inbox_job, job_id=f"webhook-retry-{int(due.timestamp())}")
    return handled
