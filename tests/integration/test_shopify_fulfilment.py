"""A Shopify order shipped by staff here: its fulfilment is created in Shopify (a local stand-in) with the carrier
and tracking number, through the event bus and a real worker, exactly once however often the job runs."""

import threading

import pytest
from sqlmodel import select

from allpetplus.core.db import session_scope
from allpetplus.events.bus import dispatch
from allpetplus.jobs.shopify import push_shopify_fulfilment
from allpetplus.order import service as orders
from allpetplus.order.models import OrderMeta, OrderStatus
from allpetplus.user.models import Role, UserProfile
from allpetplus.webhook import shopify as shopify_webhooks
from tests.support import shopify_standin
from tests.support.servers import _wait
from tests.unit.test_shopify import order


def queue_idle() -> bool:
    from rq.registry import StartedJobRegistry

    from allpetplus.core.queue import get_queue

    queue = get_queue()
    return queue.count == 0 and StartedJobRegistry(queue=queue).count == 0


@pytest.fixture
def store(shopify_store):
    shopify_store.fulfillment_orders["gid://shopify/Order/4501"] = [
        {"id": "gid://shopify/FulfillmentOrder/91", "status": "OPEN"}
    ]
    return shopify_store


def test_a_shopify_order_shipped_here_is_fulfilled_in_shopify_exactly_once(seeded, engine, store, start_worker):
    start_worker(DATABASE_URL=str(engine.url), **shopify_standin.connection(store))
    staff = UserProfile(email="staff@example.com", role=Role.ADMIN)
    seeded.add(staff)
    seeded.commit()
    shopify_webhooks.handle(seeded, "orders/create", order("2026-11-20T10:00:00Z", financial_status="paid"))
    row = seeded.exec(select(OrderMeta)).one()
    orders.move(seeded, row, OrderStatus.SHIPPED, by=f"staff:{staff.id}", carrier="ups",
                tracking_number="1Z999AA10123456784")  # fmt: skip
    seeded.commit()  # order.shipped is published: the worker dispatches it, and its subscriber enqueues the push
    _wait(lambda: len(store.fulfillments) == 1, 30, "the fulfilment in Shopify")
    _wait(queue_idle, 30, "the worker to finish its jobs")
    [made] = store.fulfillments
    assert made["trackingInfo"] == {"company": "UPS", "number": "1Z999AA10123456784",
                                    "url": "https://www.ups.com/track?tracknum=1Z999AA10123456784"}  # fmt: skip
    assert made["lineItemsByFulfillmentOrder"] == [{"fulfillmentOrderId": "gid://shopify/FulfillmentOrder/91"}]

    # The job run again, twice at once, and once more after the id was lost: still one fulfilment.
    said: list[str] = []
    runs = [threading.Thread(target=lambda: said.append(push_shopify_fulfilment(row.id))) for _ in range(2)]
    for run in runs:
        run.start()
    for run in runs:
        run.join()
    assert said == ["already fulfilled in Shopify (gid://shopify/Fulfillment/1)"] * 2
    with session_scope() as session:
        session.get(OrderMeta, row.id).shopify_fulfillment_id = None
    assert push_shopify_fulfilment(row.id) == "#1001: nothing left to fulfil in Shopify"
    assert len(store.fulfillments) == 1


def test_a_shipment_shopify_reported_is_not_sent_back(seeded, store, redis_url):
    from allpetplus.core.queue import get_queue

    shopify_webhooks.handle(seeded, "orders/create", order("2026-11-20T10:00:00Z", financial_status="paid"))
    shipped = {"order_id": 4501, "tracking_company": "UPS", "tracking_number": "1Z999AA10123456784"}
    shopify_webhooks.handle(seeded, "fulfillments/create", shipped)
    seeded.commit()
    dispatch(seeded)
    seeded.commit()
    assert seeded.exec(select(OrderMeta)).one().status == OrderStatus.SHIPPED
    assert not [job for job in get_queue().jobs if job.func_name.endswith("push_shopify_fulfilment")]
    assert store.calls == []
