"""Webhook jobs: drain the inbox (requested through ``allpetplus.webhook.drain``)."""

from __future__ import annotations

from allpetplus.core.db import session_scope
from allpetplus.core.queue import coalesced_started, get_queue
from allpetplus.webhook.drain import DRAIN_KEY
from allpetplus.webhook.service import drain, next_retry


def drain_inbox_job() -> int:
    """Apply every due delivery; if some wait for a retry, schedule a drain for when the first is due."""
    coalesced_started(DRAIN_KEY)
    handled = drain()
    with session_scope(read_only=True) as session:
        due = next_retry(session)
    if due is not None:
        get_queue().enqueue_at(due, drain_inbox_job, job_id=f"webhook-retry-{int(due.timestamp())}")
    return handled
