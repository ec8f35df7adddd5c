"""Jobs that run on a schedule (see ``allpetplus.jobs.scheduler``). Each is idempotent."""

from __future__ import annotations

import contextlib
from datetime import date

from allpetplus.core import clock
from allpetplus.core.db import session_scope
from allpetplus.events.bus import dispatch
from allpetplus.events.email import send_due
from allpetplus.licence.renewals import daily
from allpetplus.order.service import release_unpaid
from allpetplus.shopify import client as shopify
from allpetplus.shopify.catalog import sync_catalog
from allpetplus.subscription.service import remind_due, renew_due, retry_payments
from allpetplus.webhook.drain import request_drain
from allpetplus.webhook.service import sweep


def renew_subscriptions() -> int:
    """Turn every due subscription box into its order (once per date), charging the owner's card where there is
    one; then try again the declined card payments due another try today."""
    with session_scope() as session:
        made = renew_due(session)
    with session_scope() as session:
        retry_payments(session)
    return made


def release_unpaid_orders() -> int:
    """Cancel orders whose payment never came and put their stock back on sale."""
    with session_scope() as session:
        return release_unpaid(session)


def remind_subscriptions() -> int:
    """E-mail owners a few days before each box ships."""
    with session_scope() as session:
        return remind_due(session)


def dispatch_outbox() -> int:
    """Dispatch events still waiting in the outbox (after a crash between commit and dispatch)."""
    with session_scope() as session:
        return dispatch(session)


def send_emails() -> int:
    """Send e-mails whose attempt is due (their job was lost, or the worker was down when they were due)."""
    return send_due()


def sweep_webhooks(older_than_seconds: int = 120) -> int:
    """Request a drain when deliveries have waited ``older_than_seconds`` unhandled (their run was lost)."""
    with session_scope(read_only=True) as session:
        stale = sweep(session, older_than_seconds)
    if stale:
        request_drain()
    return stale


def licence_daily(on: str = "") -> dict[str, int]:
    """Start approved licences, expire ended ones, send renewal reminders (``on``: ISO date, default today)."""
    with clock.travel_to(date.fromisoformat(on)) if on else contextlib.nullcontext(), session_scope() as session:
        return daily(session)


def reconcile_shopify_catalog() -> str:
    """Nightly: compare the catalog with the connected Shopify store and repair what missed webhooks left (nothing
    is sent when the shop is not connected); returns what changed."""
    if not shopify.configured():
        return "not connected to Shopify"
    with shopify.AdminClient() as admin:
        return sync_catalog(admin, session_scope).summary()
