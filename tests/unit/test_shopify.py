"""Shopify deliveries: HMAC and shop checks, and order changes that never go backwards."""

import base64
import hashlib
import hmac

import pytest
from sqlmodel import select

from allpetplus.core.errors import ValidationFailed
from allpetplus.core.settings import settings
from allpetplus.order.models import OrderMeta
from allpetplus.webhook import shopify

SECRET = "shpss_test_secret"


@pytest.fixture(autouse=True)
def configured(monkeypatch):
    monkeypatch.setattr(settings, "SHOPIFY_WEBHOOK_SECRET", SECRET)
    monkeypatch.setattr(settings, "SHOPIFY_SHOP_DOMAIN", "allpetplus.myshopify.com")


def sign(body: bytes, secret: str = SECRET) -> str:
    return base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()


def test_hmac_and_shop_are_checked():
    body = b'{"id": 1}'
    shopify.verify(body, sign(body), "allpetplus.myshopify.com")
    for signature, shop in ((sign(body, "wrong"), "allpetplus.myshopify.com"), (None, "allpetplus.myshopify.com"),
                            (sign(body), "other.myshopify.com")):  # fmt: skip
        with pytest.raises(ValidationFailed):
            shopify.verify(body, signature, shop)
    with pytest.raises(ValidationFailed):
        shopify.verify(body + b" ", sign(body), "allpetplus.myshopify.com")


def order(updated_at: str, **changes) -> dict:
    return {"id": 4501, "name": "#1001", "email": "shop@example.com", "total_price": "54.90", "subtotal_price": "49.00",
            "total_tax": "5.90", "currency": "USD", "financial_status": "pending", "fulfillment_status": None,
            "updated_at": updated_at, **changes}  # fmt: skip


def test_orders_are_created_updated_and_never_moved_backwards(session, engine):
    assert shopify.handle(session, "orders/create", order("2026-11-20T10:00:00Z")) == "order shopify:4501 placed"
    assert shopify.handle(session, "orders/updated", order("2026-11-20T11:00:00Z", financial_status="paid")).endswith(
        "paid"
    )
    fulfilled = {"order_id": 4501, "tracking_company": "UPS", "tracking_number": "1Z999AA10123456784"}
    assert shopify.handle(session, "fulfillments/create", fulfilled).endswith("shipped")
    late = shopify.handle(session, "orders/updated", order("2026-11-20T10:30:00Z", financial_status="pending"))
    assert late.startswith("no change: delivery older")
    stale_state = shopify.handle(session, "orders/updated", order("2026-11-21T09:00:00Z", financial_status="paid"))
    assert stale_state.endswith("unchanged (would go backwards)")
    [row] = session.exec(select(OrderMeta)).all()
    assert row.status.value == "SHIPPED" and row.total_cents == 5490 and row.carrier == "ups"
    assert [e["status"] for e in row.timeline] == ["PLACED", "PAID", "SHIPPED"]
    assert shopify.handle(session, "products/create", {}) == "ignored: topic not handled"
    assert shopify.handle(session, "fulfillments/update", {"order_id": 999}).startswith("ignored: no order")
