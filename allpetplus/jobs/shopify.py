"""Jobs that call Shopify (thin: they call ``allpetplus.shopify``)."""

from __future__ import annotations

from allpetplus.core.db import session_scope
from allpetplus.core.errors import ValidationFailed
from allpetplus.core.queue import coalesced_started, enqueue_coalesced
from allpetplus.shopify import client as shopify
from allpetplus.shopify.catalog import sync_catalog
from allpetplus.shopify.fulfilment import push_fulfilment
from allpetplus.user.models import UserProfile
from allpetplus.user.permissions import require_admin

#: The coalescing key of a catalog sync staff asked for: clicks while one waits add nothing.
SYNC_KEY = "shopify-sync"
NOT_CONNECTED = "Shopify is not connected: set SHOPIFY_SHOP_DOMAIN and SHOPIFY_ADMIN_TOKEN (docs/shopify.md)."


def push_shopify_fulfilment(order_id: int) -> str:
    """Create in Shopify the fulfilment of a Shopify order staff shipped here (once)."""
    if not shopify.configured():
        return "not connected to Shopify"
    with shopify.AdminClient() as admin:
        return push_fulfilment(admin, session_scope, order_id)


def start_catalog_sync(actor: UserProfile | None) -> bool:
    """Staff: sync the catalog with Shopify now, in the background; ``False`` when a sync already waits."""
    require_admin(actor)
    if not shopify.configured():
        raise ValidationFailed.one("shopify", NOT_CONNECTED)
    return enqueue_coalesced(sync_shopify_catalog, key=SYNC_KEY, ttl=3600) is not None


def sync_shopify_catalog() -> str:
    """The sync staff started (``python -m allpetplus.shopify sync`` from the admin); returns what changed."""
    coalesced_started(SYNC_KEY)
    if not shopify.configured():
        return "not connected to Shopify"
    with shopify.AdminClient() as admin:
        return sync_catalog(admin, session_scope).summary()
