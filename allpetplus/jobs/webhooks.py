"""Webhook jobs: process one stored delivery (idempotent: a processed delivery is left alone)."""

from __future__ import annotations

from allpetplus.core.db import session_scope
from allpetplus.webhook.service import process


def process_delivery_job(delivery_id: int) -> str:
    """Apply a stored delivery and say what it changed."""
    with session_scope() as session:
        return process(session, delivery_id)
