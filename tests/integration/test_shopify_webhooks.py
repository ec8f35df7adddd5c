"""Shopify deliveries end to end on real Redis and a worker: duplicates applied once, and a delivery
left unprocessed (its worker gone) is found by the sweeper and applied."""

import json
import time

import pytest
import redis
from sqlmodel import select
from starlette.applications import Starlette
from starlette.testclient import TestClient

from allpetplus.core.settings import settings
from allpetplus.order.models import OrderMeta
from allpetplus.webhook.models import WebhookDelivery
from allpetplus.webhook.routes import routes
from allpetplus.webhook.service import sweep
from tests.support.servers import _wait
from tests.unit.test_shopify import SECRET, order, sign


@pytest.fixture
def client(monkeypatch, seeded, redis_url):
    monkeypatch.setattr(settings, "SHOPIFY_WEBHOOK_SECRET", SECRET)
    monkeypatch.setattr(settings, "SHOPIFY_SHOP_DOMAIN", "allpetplus.myshopify.com")
    return TestClient(Starlette(routes=routes))


def deliver(client, topic: str, payload: dict, webhook_id: str):
    body = json.dumps(payload).encode()
    headers = {"X-Shopify-Hmac-Sha256": sign(body), "X-Shopify-Shop-Domain": "allpetplus.myshopify.com",
               "X-Shopify-Topic": topic, "X-Shopify-Webhook-Id": webhook_id}  # fmt: skip
    return client.post("/webhooks/shopify", content=body, headers=headers)


def test_duplicates_are_acknowledged_and_applied_once(client, seeded, engine, start_worker):
    start_worker(DATABASE_URL=str(engine.url))
    assert deliver(client, "orders/create", order("2026-11-20T10:00:00Z"), "wh-1").json() == {"received": True}
    assert deliver(client, "orders/create", order("2026-11-20T10:00:00Z"), "wh-1").json()["duplicate"] is True
    paid = order("2026-11-20T11:00:00Z", financial_status="paid")
    assert deliver(client, "orders/updated", paid, "wh-2").status_code == 200

    def settled() -> bool:
        seeded.expire_all()
        rows = seeded.exec(select(WebhookDelivery)).all()
        return len(rows) == 2 and all(r.status.value == "PROCESSED" for r in rows)

    _wait(settled, 30, "both deliveries to be processed")
    [row] = seeded.exec(select(OrderMeta)).all()
    assert row.status.value == "PAID" and [e["status"] for e in row.timeline] == ["PLACED", "PAID"]


def test_a_delivery_left_behind_is_swept_and_applied(client, seeded, engine, redis_url, start_worker):
    assert deliver(client, "orders/create", order("2026-11-20T10:00:00Z"), "wh-9").status_code == 200
    redis.Redis.from_url(redis_url).flushall()  # the queued run is lost (as with a Redis that lost its data)
    assert sweep(seeded, older_than_seconds=0) == 1
    start_worker(DATABASE_URL=str(engine.url))
    from allpetplus.jobs.scheduled import sweep_webhooks

    assert sweep_webhooks(older_than_seconds=0) == 1

    def applied() -> bool:
        seeded.expire_all()
        return seeded.exec(select(WebhookDelivery)).one().status.value == "PROCESSED"

    _wait(applied, 30, "the swept delivery to be processed")
    assert len(seeded.exec(select(OrderMeta)).all()) == 1


GOOD = json.dumps(order("2026-11-20T10:00:00Z")).encode()
GIANT = b" " * (600 * 1024)


@pytest.mark.parametrize(
    ("body", "changes", "status"),
    [
        (GOOD + b" ", {"X-Shopify-Hmac-Sha256": sign(GOOD)}, 401),
        (GOOD, {"X-Shopify-Hmac-Sha256": sign(GOOD, "shpss_wrong")}, 401),
        (GOOD, {"X-Shopify-Hmac-Sha256": None}, 401),
        (GOOD, {"X-Shopify-Shop-Domain": "other.myshopify.com"}, 401),
        (b"{oops", {"X-Shopify-Hmac-Sha256": sign(b"{oops")}, 400),
        (GOOD, {"X-Shopify-Webhook-Id": None}, 400),
        (GIANT, {"X-Shopify-Hmac-Sha256": sign(GIANT)}, 413),
    ],
    ids=["tampered-body", "wrong-secret", "missing-hmac", "other-shop", "malformed-json", "missing-id", "giant-body"],
)
def test_bad_deliveries_get_4xx_and_leave_no_row(client, seeded, body, changes, status):
    headers = {"X-Shopify-Hmac-Sha256": sign(GOOD), "X-Shopify-Shop-Domain": "allpetplus.myshopify.com",
               "X-Shopify-Topic": "orders/create", "X-Shopify-Webhook-Id": "wh-x", **changes}  # fmt: skip
    response = client.post("/webhooks/shopify", content=body, headers={k: v for k, v in headers.items() if v})
    assert response.status_code == status and response.json()["detail"]
    assert seeded.exec(select(WebhookDelivery)).all() == []


def product_payload(updated_at: str, price: str = "24.00", stock: int = 7) -> dict:
    """A ``products/update`` body as Shopify sends it (REST's shape)."""
    return {"id": 8801, "handle": "shopify-bandana", "title": "Shopify bandana", "status": "active",
            "updated_at": updated_at, "product_type": "Bandanas", "body_html": "<p>Soft cotton.</p>",
            "options": [{"name": "Size", "position": 1}, {"name": "Color", "position": 2}],
            "image": {"src": "https://cdn.shopify.com/s/files/bandana.jpg"},
            "variants": [{"id": 88011, "sku": "SB-M-BERRY", "title": "M / Berry", "price": price,
                          "compare_at_price": None, "inventory_quantity": stock, "inventory_item_id": 770011,
                          "option1": "M", "option2": "Berry"}]}  # fmt: skip


def test_products_follow_shopify_in_order_whatever_order_the_webhooks_come_in(client, seeded, engine, start_worker):
    from allpetplus.catalog import service as catalog

    start_worker(DATABASE_URL=str(engine.url))

    def price_on_the_page(expected: str) -> bool:
        seeded.expire_all()
        page = catalog.get_product(seeded, "shopify-bandana")
        return page is not None and page.variants[0].price == expected

    # The update arrives before the create (and the create twice): the newer version stands.
    assert (
        deliver(client, "products/update", product_payload("2026-12-02T10:00:00Z", "26.00"), "p-2").status_code == 200
    )
    assert deliver(client, "products/create", product_payload("2026-12-02T09:00:00Z"), "p-1").status_code == 200
    assert deliver(client, "products/create", product_payload("2026-12-02T09:00:00Z"), "p-1").json()["duplicate"]
    _wait(lambda: price_on_the_page("$26.00"), 30, "the newer version of the product")
    page = catalog.get_product(seeded, "shopify-bandana")
    assert page.category_slug == "bandanas" and page.variants[0].size == "M" and page.variants[0].colour == "Berry"

    # A price changed in Shopify is on the product page within seconds, through the inbox and the worker.
    sent = time.monotonic()
    deliver(client, "products/update", product_payload("2026-12-02T11:00:00Z", "21.50"), "p-3")
    _wait(lambda: price_on_the_page("$21.50"), 5, "the new price on the product page")
    print(f"price change visible {time.monotonic() - sent:.2f} s after the webhook")

    deliver(client, "inventory_levels/update", {"inventory_item_id": 770011, "location_id": 1, "available": 0,
                                                "updated_at": "2026-12-02T11:05:00Z"}, "i-1")  # fmt: skip
    _wait(lambda: not (seeded.expire_all() or catalog.get_product(seeded, "shopify-bandana").in_stock), 30,
          "the variant sold out")  # fmt: skip
    deliver(client, "products/delete", {"id": 8801}, "d-1")
    _wait(lambda: seeded.expire_all() or catalog.get_product(seeded, "shopify-bandana") is None, 30,
          "the product off sale")  # fmt: skip
    outcomes = [r.outcome for r in seeded.exec(select(WebhookDelivery).order_by(WebhookDelivery.id))]
    assert outcomes[:2] == ["product shopify-bandana created", "product shopify-bandana unchanged (an older version)"]
