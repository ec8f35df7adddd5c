"""Card refunds for real: the stripe SDK refunds through a strict local stand-in for Stripe's API (an idempotency
key on every POST, integer cents and a currency), and Stripe's own ``charge.refunded`` webhooks, for refunds made
here or in Stripe's dashboard, arrive through the inbox and the worker without counting anything twice."""

import pytest
from sqlmodel import select
from starlette.applications import Starlette
from starlette.testclient import TestClient

from allpetplus.cart import service as carts
from allpetplus.core.errors import ValidationFailed
from allpetplus.core.money import format_money
from allpetplus.order import refunds
from allpetplus.order import service as orders
from allpetplus.order.models import OrderMeta, OrderRefund, OrderStatus
from allpetplus.user.models import Role, UserProfile
from allpetplus.webhook.models import WebhookDelivery
from allpetplus.webhook.routes import routes
from allpetplus.webhook.stripe import confirm_stripe_payment
from tests.integration.test_stripe import event, signed, stripe_api  # noqa: F401 - the fixture
from tests.support.servers import _wait
from tests.unit.test_builder_rules import PALETTE
from tests.unit.test_commerce import ADDRESS


@pytest.fixture
def card_order(seeded, stripe_api):  # noqa: F811 - the fixture
    """A card order for two beds, paid through Stripe (payment intent ``pi_refund_1``), and a staff member."""
    staff = UserProfile(email="staff@example.com", role=Role.ADMIN)
    seeded.add(staff)
    cart = carts.guest_cart(seeded, carts.new_guest_token())
    carts.add_variant(seeded, cart, "BED-M-CHA", 2)
    order = orders.checkout(seeded, cart, user=None, email="card@example.com", address=ADDRESS, palette=PALETTE,
                            provider="stripe")  # fmt: skip
    paid = {"id": "cs_1", "client_reference_id": order.external_id, "payment_status": "paid",
            "payment_intent": "pi_refund_1"}  # fmt: skip
    confirm_stripe_payment(seeded, paid)
    seeded.commit()
    stripe_api.payments["pi_refund_1"] = order.total_cents
    return order, staff


def test_a_partial_refund_then_a_full_one_go_through_stripe_once_each(seeded, stripe_api, card_order):  # noqa: F811
    order, staff = card_order
    first = refunds.refund_order(seeded, staff, order.id, amount="20.00", reason="One bed arrived torn.")
    seeded.commit()
    rest = refunds.refund_order(seeded, staff, order.id, reason="The other one too.")
    seeded.commit()

    calls = stripe_api.posts("/v1/refunds")
    assert [c["form"]["amount"] for c in calls] == ["2000", str(order.total_cents - 2000)]
    assert {c["form"]["currency"] for c in calls} == {"usd"} and {c["form"]["payment_intent"] for c in calls} == {
        "pi_refund_1"
    }
    assert calls[0]["key"] != calls[1]["key"] and all(c["key"].startswith("refund:") for c in calls)
    assert calls[0]["form"]["metadata[order]"] == order.external_id
    assert stripe_api.refunded["pi_refund_1"] == order.total_cents
    assert (first.stripe_refund_id, rest.stripe_refund_id) == ("re_test_000001", "re_test_000002")
    assert (first.method, rest.method) == ("card", "card")
    assert order.status == OrderStatus.REFUNDED and order.refunded_cents == order.total_cents
    assert order.timeline[-2]["note"] == "Refunded $20.00 to the card. One bed arrived torn."

    with pytest.raises(ValidationFailed, match="already been refunded in full"):
        refunds.refund_order(seeded, staff, order.id, amount="1", reason="Once more?")
    assert len(stripe_api.posts("/v1/refunds")) == 2


def test_stripe_refusing_a_refund_records_nothing(seeded, stripe_api, card_order):  # noqa: F811
    order, staff = card_order
    stripe_api.refunded["pi_refund_1"] = order.total_cents - 500  # refunded in Stripe, the webhook not here yet
    with pytest.raises(ValidationFailed, match="Stripe refused the refund: .*greater than unrefunded amount"):
        refunds.refund_order(seeded, staff, order.id, amount="10", reason="Broken zip.")
    seeded.rollback()
    assert seeded.exec(select(OrderRefund)).all() == []
    assert seeded.get(OrderMeta, order.id).refunded_cents == 0


def test_stripe_webhooks_for_refunds_made_here_and_in_its_dashboard_count_once(
    seeded,
    engine,
    redis_url,
    start_worker,
    stripe_api,  # noqa: F811
    card_order,
):
    order, staff = card_order
    refunds.refund_order(seeded, staff, order.id, amount="20.00", reason="One bed arrived torn.")
    seeded.commit()
    start_worker(DATABASE_URL=str(engine.url))
    client = TestClient(Starlette(routes=routes))
    charge = {"id": "ch_1", "object": "charge", "payment_intent": "pi_refund_1", "amount": order.total_cents}

    def deliver(event_id: str, amount_refunded: int, refund_id: str) -> None:
        obj = {**charge, "amount_refunded": amount_refunded, "refunded": amount_refunded == order.total_cents,
               "refunds": {"object": "list", "data": [{"id": refund_id, "amount": amount_refunded}]}}  # fmt: skip
        body, header = signed(event(event_id, "charge.refunded", obj))
        assert client.post("/webhooks/stripe", content=body, headers={"Stripe-Signature": header}).status_code == 200

    def outcomes() -> list[str]:
        seeded.expire_all()
        return [d.outcome for d in seeded.exec(select(WebhookDelivery).order_by(WebhookDelivery.id))]

    # Stripe reports the refund made here: already on the order, so nothing changes.
    deliver("evt_here", 2000, "re_test_000001")
    _wait(lambda: len([o for o in outcomes() if o]) == 1, 30, "the first delivery to be applied")
    assert outcomes()[0].startswith("no change")
    # Then staff refund the rest in Stripe's dashboard; Stripe says so twice (a redelivery, a new event id).
    deliver("evt_dashboard", order.total_cents, "re_dashboard_1")
    deliver("evt_dashboard_again", order.total_cents, "re_dashboard_1")
    _wait(lambda: len([o for o in outcomes() if o]) == 3, 30, "the dashboard refund to be applied")
    assert outcomes()[1:] == [f"order {order.external_id} refunded", f"no change: order {order.external_id} has "
                              f"{format_money(order.total_cents)} refunded already"]  # fmt: skip

    seeded.expire_all()
    order = seeded.get(OrderMeta, order.id)
    made = seeded.exec(select(OrderRefund).order_by(OrderRefund.id)).all()
    assert [(r.amount_cents, r.method, r.by) for r in made] == [
        (2000, "card", "staff:staff@example.com"),
        (order.total_cents - 2000, "stripe", "stripe"),
    ]
    assert made[1].stripe_refund_id == "re_dashboard_1"
    assert order.status == OrderStatus.REFUNDED and order.refunded_cents == order.total_cents
    assert order.timeline[-1]["note"] == f"Refunded {format_money(order.total_cents - 2000)} in Stripe."
