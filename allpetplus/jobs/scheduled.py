"""Jobs that run on a schedule (see ``allpetplus.jobs.scheduler``). Each is idempotent."""

from __future__ import annotations

from allpetplus.core.db import session_scope


def renew_subscriptions() -> int:
    """Turn every due subscription box into its order (once per date)."""
    from allpetplus.subscription.service import renew_due

    with session_scope() as session:
        return renew_due(session)


def release_unpaid_orders() -> int:
    """Cancel orders whose payment never came and put their stock back on sale."""
    from allpetplus.order.service import release_unpaid

    with session_scope() as session:
        return release_unpaid(session)
