"""Shopify deliveries: HMAC verification and the order changes each topic makes.

An order from Shopify is keyed ``shopify:<order id>``. Deliveries may arrive late or out of order: a
delivery older than what the order already reflects, or one that would move the order backwards, is
recorded but changes nothing. A fulfilment that arrives before its order waits (``NotYet``) and is
applied once the order is there.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from allpetplus.builder.models import SavedDesign
from allpetplus.catalog.models import ProductVariant
from allpetplus.core.errors import ValidationFailed
from allpetplus.core.models import timeline_entry
from allpetplus.core.settings import settings
from allpetplus.order.models import OrderLine, OrderMeta, OrderStatus
from allpetplus.order.service import announce_order, record_status
from allpetplus.shopify import catalog, customers
from allpetplus.webhook.errors import NotYet

ORDER_TOPICS = {"orders/create", "orders/updated", "orders/cancelled", "fulfillments/create", "fulfillments/update"}
CATALOG_TOPICS = {"products/create", "products/update", "products/delete", "inventory_levels/update"}
HANDLED_TOPICS = ORDER_TOPICS | CATALOG_TOPICS
RANK = {
    OrderStatus.PLACED: 0,
    OrderStatus.AWAITING_PAYMENT: 0,
    OrderStatus.PAID: 1,
    OrderStatus.IN_PRODUCTION: 2,
    OrderStatus.SHIPPED: 3,
    OrderStatus.DELIVERED: 4,
    OrderStatus.PARTIALLY_REFUNDED: 4,
    OrderStatus.CANCELLED: 5,
    OrderStatus.REFUNDED: 5,
}
CARRIER_CODES = {"ups": "ups", "usps": "usps", "fedex": "fedex", "canada post": "canadapost"}


def verify(body: bytes, signature: str | None, shop_domain: str | None) -> None:
    """Refuse a delivery whose HMAC (base64 SHA-256 of the raw body) or shop does not match."""
    if not settings.SHOPIFY_WEBHOOK_SECRET:
        raise ValidationFailed.one("signature", "Shopify webhooks are not configured.")
    expected = base64.b64encode(hmac.new(settings.SHOPIFY_WEBHOOK_SECRET.encode(), body, hashlib.sha256).digest())
    if not signature or not hmac.compare_digest(expected, signature.encode()):
        raise ValidationFailed.one("signature", "Refused: the HMAC does not match.")
    if settings.SHOPIFY_SHOP_DOMAIN and shop_domain != settings.SHOPIFY_SHOP_DOMAIN:
        raise ValidationFailed.one("shop", "Refused: deliveries from another shop.")


def _cents(amount: Any) -> int:
    try:
        return int((Decimal(str(amount or "0")) * 100).quantize(Decimal(1)))
    except InvalidOperation:
        return 0


def _when(value: Any) -> datetime | None:
    try:
        return datetime.fromisoformat(str(value).replace("Z", "+00:00")) if value else None
    except ValueError:
        return None


def _status(order: dict[str, Any]) -> OrderStatus:
    if order.get("cancelled_at"):
        return OrderStatus.CANCELLED
    if order.get("financial_status") == "refunded":
        return OrderStatus.REFUNDED
    if order.get("fulfillment_status") == "fulfilled":
        return OrderStatus.SHIPPED
    if order.get("financial_status") == "paid":
        return OrderStatus.PAID
    return OrderStatus.PLACED


def _apply(session: Session, order: OrderMeta, status: OrderStatus, note: str) -> bool:
    if RANK[status] < RANK[order.status] or order.status in (OrderStatus.CANCELLED, OrderStatus.REFUNDED):
        return False
    if status != order.status:
        record_status(session, order, status, by="shopify", note=note)
    return True


def _order(session: Session, key: str) -> OrderMeta | None:
    """The order, locked until the delivery's transaction ends (two workers never interleave on it)."""
    return session.exec(select(OrderMeta).where(OrderMeta.external_id == key).with_for_update()).first()


def _create(session: Session, key: str, name: str) -> tuple[OrderMeta, bool]:
    """A new order for ``key`` (and ``True``); if another worker creates it at the same moment, theirs (locked)
    instead (and ``False``)."""
    entry = timeline_entry(OrderStatus.PLACED, "shopify", f"Shopify order {name} received.")
    order = OrderMeta(provider="shopify", external_id=key, source_name=name[:32] or None, status=OrderStatus.PLACED,
                      timeline=[entry])  # fmt: skip
    try:
        with session.begin_nested():
            session.add(order)
            session.flush()
    except IntegrityError:
        return _order(session, key), False
    return order, True


def _property(item: dict[str, Any], name: str) -> str:
    """A line item property (``[{"name": "_design_id", "value": "12"}]``) by name, '' when absent."""
    return next((str(p.get("value") or "") for p in item.get("properties") or [] if p.get("name") == name), "")


def _add_lines(session: Session, order: OrderMeta, items: list[dict[str, Any]]) -> None:
    """The order's lines as bought on Shopify: a catalog variant where the variant is one of ours, and a line
    carrying a design (its ``_design_id`` property, set by the builder) frozen as that design is now."""
    for item in items:
        quantity = max(int(item.get("quantity") or 1), 1)
        unit = _cents(item.get("price"))
        variant = session.exec(select(ProductVariant).where(
            ProductVariant.shopify_id == catalog.gid("ProductVariant", item.get("variant_id")))).first()  # fmt: skip
        design_id = _property(item, "_design_id")
        design = session.get(SavedDesign, int(design_id)) if design_id.isdigit() else None
        if design is not None and design.user_id != order.user_id:
            design = None  # a property anyone can type: only the customer's own design is shown on their order
        line = OrderLine(order_id=order.id, kind="variant", variant_id=variant.id if variant
                         else None, title=str(item.get("title") or item.get("name") or "Item")[:120],
                         sku=str(item.get("sku") or "")[:48], unit_cents=unit, quantity=quantity)  # fmt: skip
        if design is not None:
            line.kind, line.design_id, line.product_type = "design", design.id, design.product_type
            line.config, line.preview_url = dict(design.config), design.preview_url
        session.add(line)
    session.flush()


def handle(session: Session, topic: str, payload: dict[str, Any]) -> str:
    """Apply one verified Shopify delivery; returns what happened."""
    if topic not in HANDLED_TOPICS:
        return "ignored: topic not handled"
    if topic in CATALOG_TOPICS:
        return _catalog(session, topic, payload)
    if topic.startswith("fulfillments/"):
        key = f"shopify:{payload.get('order_id')}"
        order = _order(session, key)
        if order is None:
            raise NotYet(f"order {key} has not arrived yet")
        carrier = str(payload.get("tracking_company") or "")
        order.carrier = CARRIER_CODES.get(carrier.lower(), carrier.lower()[:32] or None)
        order.tracking_number = str(payload.get("tracking_number") or "")[:64] or order.tracking_number
        session.add(order)
        moved = _apply(session, order, OrderStatus.SHIPPED, f"Shipped with {carrier or 'the carrier'}.")
        return f"order {key} {'shipped' if moved else 'unchanged (already further along)'}"
    key = f"shopify:{payload.get('id')}"
    updated = _when(payload.get("updated_at"))
    order, created = _order(session, key), False
    if order is None:
        order, created = _create(session, key, str(payload.get("name", "")))
    if updated and order.source_updated_at and updated <= order.source_updated_at.replace(tzinfo=updated.tzinfo):
        return f"no change: delivery older than order {key}"
    order.email = str(payload.get("email") or order.email or "")[:254]
    order.shopify_customer_id = customers.customer_gid(payload) or order.shopify_customer_id
    if order.user_id is None and (owner := customers.owner_of(session, email=order.email,
                                                               customer_id=order.shopify_customer_id)):  # fmt: skip
        order.user_id = owner.id
    order.total_cents = _cents(payload.get("total_price"))
    order.subtotal_cents = _cents(payload.get("subtotal_price"))
    order.tax_cents = _cents(payload.get("total_tax"))
    order.currency = str(payload.get("currency") or "USD")[:3]
    if payload.get("shipping_address"):
        order.shipping = {k: str(v) for k, v in payload["shipping_address"].items() if v is not None}
    order.source_updated_at = updated or order.source_updated_at
    status = OrderStatus.CANCELLED if topic == "orders/cancelled" else _status(payload)
    session.add(order)
    session.flush()
    if created:
        _add_lines(session, order, payload.get("line_items") or [])
        announce_order(session, order)  # the metrics count it; e-mails stay Shopify's (see the subscribers)
    moved = _apply(session, order, status, f"Shopify says {status.value.lower().replace('_', ' ')}.")
    return f"order {key} {status.value.lower() if moved else 'unchanged (would go backwards)'}"


def _catalog(session: Session, topic: str, payload: dict[str, Any]) -> str:
    """A product created, changed or deleted in Shopify, or its stock moved: the catalog follows."""
    if topic == "inventory_levels/update":
        item = catalog.gid("InventoryItem", payload.get("inventory_item_id"))
        sku = catalog.set_stock(session, item, payload.get("available"))
        return f"stock of {sku} is {payload.get('available')}" if sku else f"ignored: no variant has {item}"
    if topic == "products/delete":
        handle = catalog.take_off_sale(session, catalog.gid("Product", payload.get("id")))
        return f"product {handle} taken off sale" if handle else "no change: product not on sale here"
    node = catalog.node_from_webhook(payload)
    outcome = catalog.apply_product(session, node)
    return f"product {node.get('handle')} {outcome}" + (" (an older version)" if outcome == "unchanged" else "")
