"""A Shopify order shipped here: its fulfilment created in Shopify, with the carrier and tracking number, once.

Once, even when the job runs twice or at the same time: the order's row is locked while Shopify is called, the
fulfilment's id is kept on the order, and Shopify's own state is asked first (a fulfilment order that is closed
has been fulfilled, e.g. by a run that created it and then died before it could record it).
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager

import structlog
from sqlmodel import Session, select

from allpetplus.order.models import OrderMeta
from allpetplus.order.service import CARRIERS, tracking_url
from allpetplus.shopify.catalog import gid
from allpetplus.shopify.client import AdminClient, ShopifyError

log = structlog.get_logger(__name__)

FULFILLMENT_ORDERS = """query OrderFulfillmentOrders($id: ID!) {
  order(id: $id) { fulfillmentOrders(first: 20) { nodes { id status } } }
}"""
FULFILLMENT_CREATE = """mutation FulfillmentCreate($fulfillment: FulfillmentInput!) {
  fulfillmentCreate(fulfillment: $fulfillment) { fulfillment { id status } userErrors { field message } }
}"""
#: Fulfilment orders that still wait for their parcel.
OPEN = {"OPEN", "IN_PROGRESS", "SCHEDULED"}


def push_fulfilment(
    admin: AdminClient, transaction: Callable[[], AbstractContextManager[Session]], order_id: int
) -> str:
    """Create the fulfilment in Shopify of a Shopify order shipped here; returns what happened."""
    with transaction() as session:
        order = session.exec(select(OrderMeta).where(OrderMeta.id == order_id).with_for_update()).first()
        if order is None or order.provider != "shopify" or not order.tracking_number:
            return "ignored: not a shipped Shopify order"
        if order.shopify_fulfillment_id:
            return f"already fulfilled in Shopify ({order.shopify_fulfillment_id})"
        shopify_order = gid("Order", order.external_id.split(":", 1)[1])
        found = admin.execute(FULFILLMENT_ORDERS, {"id": shopify_order}).get("order") or {}
        waiting = [fo["id"] for fo in (found.get("fulfillmentOrders") or {}).get("nodes", []) if fo["status"] in OPEN]
        if not waiting:
            order.shopify_fulfillment_id = "fulfilled in Shopify"
            session.add(order)
            return f"{order.reference}: nothing left to fulfil in Shopify"
        carrier = CARRIERS.get(order.carrier or "", (order.carrier or "", ""))[0]
        tracking = {"company": carrier, "number": order.tracking_number,
                    "url": tracking_url(order.carrier, order.tracking_number) or None}  # fmt: skip
        result = admin.execute(FULFILLMENT_CREATE, {"fulfillment": {
            "lineItemsByFulfillmentOrder": [{"fulfillmentOrderId": fo} for fo in waiting],
            "trackingInfo": tracking, "notifyCustomer": True}})["fulfillmentCreate"]  # fmt: skip
        if result.get("userErrors"):
            raise ShopifyError("; ".join(e["message"] for e in result["userErrors"]))
        order.shopify_fulfillment_id = result["fulfillment"]["id"][:64]
        session.add(order)
        log.info("shopify fulfilment created", order=order.reference, fulfilment=order.shopify_fulfillment_id)
        return f"{order.reference}: fulfilment {order.shopify_fulfillment_id} created in Shopify"
