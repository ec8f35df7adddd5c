"""The Stripe path for real: the stripe SDK talks to a local stand-in for Stripe's API, and a signed
``checkout.session.completed`` delivered twice marks the order paid exactly once (real Redis + worker)."""

import hashlib
import hmac
import json
import time
from dataclasses import astuple

import pytest
from sqlmodel import select
from starlette.applications import Starlette
from starlette.testclient import TestClient

from allpetplus.application.checkout import CartOrder, checkout_and_pay
from allpetplus.cart import service as carts
from allpetplus.core.money import format_money
from allpetplus.core.settings import settings
from allpetplus.order import service as orders
from allpetplus.order.models import OrderMeta, OrderStatus
from allpetplus.webhook.models import WebhookDelivery
from allpetplus.webhook.routes import routes
from tests.support import stripe_standin
from tests.support.servers import _wait
from tests.unit.test_builder_rules import PALETTE
from tests.unit.test_commerce import ADDRESS

SECRET = "whsec_test_secret_for_allpetplus"


@pytest.fixture
def stripe_api(monkeypatch):
    """The stripe SDK pointed at a local stand-in for Stripe's API (``tests.support.stripe_standin``)."""
    standin, server = stripe_standin.start()
    monkeypatch.setattr(settings, "STRIPE_SECRET_KEY", "sk_test_allpetplus")
    monkeypatch.setattr(settings, "STRIPE_WEBHOOK_SECRET", SECRET)
    monkeypatch.setattr(settings, "STRIPE_API_BASE", standin.url)
    yield standin
    server.shutdown()


def signed(payload: dict | bytes, secret: str = SECRET, at: int | None = None) -> tuple[bytes, str]:
    body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    timestamp = at or int(time.time())
    signature = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return body, f"t={timestamp},v1={signature}"


def completed_event(order: OrderMeta, event_id: str = "evt_test_1") -> dict:
    return {
        "id": event_id,
        "object": "event",
        "type": "checkout.session.completed",
        "data": {"object": {"id": "cs_test_a1b2c3", "object": "checkout.session", "payment_status": "paid",
                            "client_reference_id": order.external_id, "payment_intent": "pi_test_1"}},
    }  # fmt: skip


def event(event_id: str, kind: str, obj: dict) -> dict:
    return {"id": event_id, "object": "event", "type": kind, "data": {"object": obj}}


def test_card_checkout_is_confirmed_once_by_the_signed_webhook(stripe_api, seeded, engine, redis_url, start_worker):
    cart = carts.guest_cart(seeded, carts.new_guest_token())
    carts.add_variant(seeded, cart, "BED-S-SAN", 1)
    purchase = CartOrder(cart, "card@example.com", ADDRESS, PALETTE)
    order, url = astuple(
        checkout_and_pay(seeded, None, purchase, success_url="http://x/ok", cancel_url="http://x/cart")
    )
    seeded.commit()
    [call] = stripe_api.posts("/v1/checkout/sessions")
    assert url == "https://checkout.stripe.com/c/pay/cs_test_000001"
    assert call["auth"] == "Bearer sk_test_allpetplus" and call["key"] == f"checkout:{order.external_id}"
    assert call["form"]["client_reference_id"] == order.external_id
    assert call["form"]["line_items[0][price_data][unit_amount]"] == "6900"
    assert order.status == OrderStatus.AWAITING_PAYMENT and order.payment_ref == "cs_test_000001"

    start_worker(DATABASE_URL=str(engine.url))
    client = TestClient(Starlette(routes=routes))
    body, header = signed(completed_event(order))
    first = client.post("/webhooks/stripe", content=body, headers={"Stripe-Signature": header})
    again = client.post("/webhooks/stripe", content=body, headers={"Stripe-Signature": header})
    assert first.json() == {"received": True}
    assert again.json() == {"received": True, "duplicate": True}

    def paid() -> bool:
        seeded.expire_all()
        return seeded.get(OrderMeta, order.id).status == OrderStatus.PAID

    _wait(paid, 30, "the order to be paid")
    order = seeded.get(OrderMeta, order.id)
    assert [entry["status"] for entry in order.timeline] == ["AWAITING_PAYMENT", "PAID"]
    [delivery] = seeded.exec(select(WebhookDelivery)).all()
    assert delivery.outcome == f"order {order.external_id} paid"
    assert call["form"]["payment_intent_data[metadata][order]"] == order.external_id

    charge = {"id": "ch_1", "object": "charge", "payment_intent": "pi_test_1", "amount": order.total_cents}
    for event_id, refunded in (("evt_r1", 1000), ("evt_r2", order.total_cents)):
        obj = {**charge, "amount_refunded": refunded, "refunded": refunded == order.total_cents}
        body, header = signed(event(event_id, "charge.refunded", obj))
        assert client.post("/webhooks/stripe", content=body, headers={"Stripe-Signature": header}).status_code == 200

    def refunded() -> bool:
        seeded.expire_all()
        return seeded.get(OrderMeta, order.id).status == OrderStatus.REFUNDED

    _wait(refunded, 30, "the order to be refunded")
    notes = [(e["status"], e["note"]) for e in seeded.get(OrderMeta, order.id).timeline]
    assert notes[2:] == [("PARTIALLY_REFUNDED", "Refunded $10.00 in Stripe."),
                         ("REFUNDED", f"Refunded {format_money(order.total_cents - 1000)} in Stripe.")]  # fmt: skip
    assert seeded.get(OrderMeta, order.id).refunded_cents == order.total_cents


def test_a_declined_card_is_noted_and_the_order_stays_open(stripe_api, seeded, engine, redis_url, start_worker):
    cart = carts.guest_cart(seeded, carts.new_guest_token())
    carts.add_variant(seeded, cart, "BED-S-SAN", 1)
    order = orders.checkout(seeded, cart, user=None, email="card@example.com", address=ADDRESS, palette=PALETTE,
                            provider="stripe")  # fmt: skip
    seeded.commit()
    start_worker(DATABASE_URL=str(engine.url))
    intent = {"id": "pi_2", "object": "payment_intent", "metadata": {"order": order.external_id},
              "last_payment_error": {"message": "Your card has insufficient funds."}}  # fmt: skip
    body, header = signed(event("evt_f1", "payment_intent.payment_failed", intent))
    client = TestClient(Starlette(routes=routes))
    assert client.post("/webhooks/stripe", content=body, headers={"Stripe-Signature": header}).status_code == 200

    def noted() -> bool:
        seeded.expire_all()
        return len(seeded.get(OrderMeta, order.id).timeline) == 2

    _wait(noted, 30, "the failed payment to be noted")
    order = seeded.get(OrderMeta, order.id)
    assert order.status == OrderStatus.AWAITING_PAYMENT
    assert order.timeline[-1]["note"] == "Card payment failed: Your card has insufficient funds."


@pytest.mark.parametrize(
    ("mangle", "status"),
    [
        (lambda body, header: (body + b" ", header), 400),
        (lambda body, header: (body, header.replace("v1=", "v1=0")), 400),
        (lambda body, header: (body, ""), 400),
        (lambda body, header: signed(json.loads(body), at=int(time.time()) - 3600), 400),
        (lambda body, header: signed(json.loads(body), secret="whsec_wrong"), 400),
        (lambda body, header: (b"{" + b" " * (600 * 1024) + b"}", header), 413),
        (lambda body, header: signed(b"{not json"), 400),
    ],
    ids=[
        "tampered-body",
        "bad-signature",
        "missing-header",
        "stale-timestamp",
        "wrong-secret",
        "giant-body",
        "malformed-json",
    ],  # fmt: skip
)
def test_unverified_deliveries_are_refused_and_leave_no_row(stripe_api, seeded, redis_url, mangle, status):
    body, header = signed({"id": "evt_x", "type": "checkout.session.completed", "data": {"object": {}}})
    body, header = mangle(body, header)
    response = TestClient(Starlette(routes=routes)).post(
        "/webhooks/stripe", content=body, headers={"Stripe-Signature": header}
    )
    assert response.status_code == status
    assert seeded.exec(select(WebhookDelivery)).all() == []
