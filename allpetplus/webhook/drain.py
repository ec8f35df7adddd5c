"""Asking for the webhook inbox to be drained: one queued run per burst of deliveries (coalesced)."""

from __future__ import annotations

from allpetplus.core.queue import enqueue_coalesced

#: The coalescing key of the drain job.
DRAIN_KEY = "webhook-drain"
#: The drain job, named rather than imported: jobs sit above the webhook domain.
DRAIN_JOB = "allpetplus.jobs.webhooks.drain_inbox_job"


def request_drain() -> None:
    """Ask for a drain unless one is already waiting in the queue."""
    enqueue_coalesced(DRAIN_JOB, key=DRAIN_KEY)
