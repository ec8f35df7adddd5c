"""E-mail jobs: send what is due. One run is requested per burst of messages (coalesced), and one is
scheduled for the next retry."""

from __future__ import annotations

from allpetplus.core.db import session_scope
from allpetplus.core.queue import coalesced_started, get_queue
from allpetplus.events.email import SEND_KEY, next_attempt, send_due


def send_emails_job() -> int:
    """Send every due message; if some wait for a retry, schedule a run for when the first is due."""
    coalesced_started(SEND_KEY)
    sent = send_due()
    with session_scope(read_only=True) as session:
        due = next_attempt(session)
    if due is not None:
        get_queue().enqueue_at(due, send_emails_job, job_id=f"email-retry-{int(due.timestamp())}")
    return sent
