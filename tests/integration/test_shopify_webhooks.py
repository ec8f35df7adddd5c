"""Shopify deliveries end to end on real Redis and a worker: duplicates applied once, and a delivery
left unprocessed (its worker gone) is found by the sweeper and applied."""

import json

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
