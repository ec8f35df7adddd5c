"""Jobs that call Shopify (thin: they call ``allpetplus.shopify``)."""

from __future__ import annotations

from allpetplus.core.db import session_scope
from allpetplus.shopify import client as shopify
from allpetplus.shopify.fulfilment import push_fulfilment


def push_shopify_fulfilment(order_id: int) -> str:
    """Create in Shopify the fulfilment of a Shopify order staff shipped here (once)."""
    if not shopify.configured():
        return "not connected to Shopify"
    with shopify.AdminClient() as admin:
        return push_fulfilment(admin, session_scope, order_id)
