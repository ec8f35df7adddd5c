"""A thousand webhook deliveries through faults, on real PostgreSQL, Redis and RQ worker processes.

Shopify and Stripe deliveries are sent shuffled and with duplicates while one worker is SIGKILLed in
the middle of its job, Redis crashes and comes back empty (every queued job lost), and a second worker
is SIGKILLed. Afterwards every order is in the state its deliveries imply, every delivery is in the
inbox exactly once, and no side effect (timeline entry, shipping e-mail, analytics record) happened twice.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from rq import Worker
from sqlmodel import Session, col, func, select
from starlette.applications import Starlette
from starlette.testclient import TestClient

from allpetplus.analytics.models import AnalyticsEvent
from allpetplus.core import db
from allpetplus.core import redis as rds
from allpetplus.core.outbox import OUTBOX_KEY, OutboxEvent
from allpetplus.core.queue import enqueue_coalesced, get_queue
from allpetplus.core.settings import PROJECT_ROOT, settings
from allpetplus.events.models import EmailMessage
from allpetplus.jobs.events import dispatch_outbox_job
from allpetplus.jobs.scheduled import sweep_webhooks
from allpetplus.order.models import OrderMeta, OrderRefund, OrderStatus
from allpetplus.webhook.models import DeliveryStatus, WebhookDelivery
from allpetplus.webhook.routes import routes
from allpetplus.webhook.shopify import RANK
from tests.conftest import migrated_engine
from tests.integration.test_stripe import SECRET as STRIPE_SECRET
from tests.integration.test_stripe import signed
from tests.support.servers import RedisServer, _wait
from tests.unit.test_shopify import SECRET as SHOPIFY_SECRET
from tests.unit.test_shopify import sign

SHOP = "allpetplus.myshopify.com"
S = OrderStatus


def shopify_deliveries(count: int) -> tuple[list[dict], dict[str, OrderStatus]]:
    """Deliveries for ``count`` Shopify orders: paid, paid and shipped, or cancelled."""
    deliveries, expected = [], {}
    for i in range(count):
        oid = 70_000 + i
        base = {"id": oid, "name": f"#{oid}", "email": f"shop{oid}@example.com", "total_price": "54.90",
                "subtotal_price": "49.00", "total_tax": "5.90", "currency": "USD"}  # fmt: skip
        created = {**base, "financial_status": "pending", "updated_at": "2026-11-20T10:00:00Z"}
        paid = {**base, "financial_status": "paid", "updated_at": "2026-11-20T11:00:00Z"}
        cancelled = {**base, "financial_status": "pending", "cancelled_at": "2026-11-20T12:00:00Z",
                     "updated_at": "2026-11-20T12:00:00Z"}  # fmt: skip
        fulfilment = {"id": 90_000 + i, "order_id": oid, "tracking_company": "UPS", "tracking_number": f"1Z{oid:016d}"}
        kind = i % 5
        steps = [("orders/create", created)]
        if kind == 4:
            steps.append(("orders/cancelled", cancelled))
            expected[f"shopify:{oid}"] = S.CANCELLED
        else:
            steps.append(("orders/updated", paid))
            if kind >= 2:
                steps.append(("fulfillments/create", fulfilment))
            expected[f"shopify:{oid}"] = S.SHIPPED if kind >= 2 else S.PAID
        deliveries += [{"provider": "shopify", "id": f"sh-{oid}-{n}", "topic": topic, "payload": payload}
                       for n, (topic, payload) in enumerate(steps)]  # fmt: skip
    return deliveries, expected


def stripe_deliveries(session: Session, count: int) -> tuple[list[dict], dict[str, OrderStatus]]:
    """``count`` card orders awaiting payment, each paid and some refunded in full."""
    deliveries, expected = [], {}
    for i in range(count):
        reference = f"APP-FAULT-{i:04d}"
        opened = [{"status": "AWAITING_PAYMENT", "at": "", "by": "checkout"}]
        session.add(OrderMeta(provider="stripe", external_id=reference, status=S.AWAITING_PAYMENT, total_cents=5000,
                              email=f"card{i}@example.com", timeline=opened))  # fmt: skip
        checkout = {"id": f"cs_{i}", "object": "checkout.session", "payment_status": "paid",
                    "client_reference_id": reference, "payment_intent": f"pi_{i}"}  # fmt: skip
        deliveries.append({"provider": "stripe", "id": f"evt_c{i}", "topic": "checkout.session.completed",
                           "payload": checkout})  # fmt: skip
        expected[reference] = S.PAID
        if i % 5 < 2:
            charge = {"id": f"ch_{i}", "object": "charge", "payment_intent": f"pi_{i}", "amount": 5000,
                      "amount_refunded": 5000, "refunded": True}  # fmt: skip
            deliveries.append({"provider": "stripe", "id": f"evt_r{i}", "topic": "charge.refunded", "payload": charge})
            expected[reference] = S.REFUNDED
    session.commit()
    return deliveries, expected


def post(client: TestClient, delivery: dict) -> int:
    if delivery["provider"] == "shopify":
        body = json.dumps(delivery["payload"]).encode()
        headers = {"X-Shopify-Hmac-Sha256": sign(body), "X-Shopify-Shop-Domain": SHOP,
                   "X-Shopify-Topic": delivery["topic"], "X-Shopify-Webhook-Id": delivery["id"]}  # fmt: skip
        return client.post("/webhooks/shopify", content=body, headers=headers).status_code
    event = {
        "id": delivery["id"],
        "object": "event",
        "type": delivery["topic"],
        "data": {"object": delivery["payload"]},
    }
    body, header = signed(event)  # a redelivery is signed afresh, as Stripe does
    return client.post("/webhooks/stripe", content=body, headers={"Stripe-Signature": header}).status_code


class Workers:
    """Real worker processes, each in its own process group so SIGKILL takes its forked job with it."""

    def __init__(self, env: dict[str, str], logs: Path) -> None:
        self.env, self.logs, self.running, self.killed = env, logs, [], 0

    def start(self) -> None:
        log = open(self.logs / f"worker-{len(self.running) + self.killed}.log", "wb")  # noqa: SIM115
        process = subprocess.Popen([sys.executable, "-m", "allpetplus.jobs.worker"], cwd=PROJECT_ROOT, env=self.env,
                                   stdout=log, stderr=subprocess.STDOUT, start_new_session=True)  # fmt: skip
        self.running.append(process)

    def kill_one_mid_job(self) -> bool:
        """SIGKILL a worker, waiting (up to 10 s) for one to be inside a job; says whether it was."""
        deadline, victim = time.monotonic() + 10, None
        while victim is None and time.monotonic() < deadline:
            busy = {w.pid for w in Worker.all(queue=get_queue()) if w.get_state() == "busy"}
            victim = next((p for p in self.running if p.pid in busy), None)
        mid_job = victim is not None
        victim = victim or self.running[0]
        self.running.remove(victim)
        os.killpg(victim.pid, signal.SIGKILL)
        victim.wait(timeout=10)
        self.killed += 1
        self.start()
        return mid_job

    def stop(self) -> None:
        for process in self.running:
            os.killpg(process.pid, signal.SIGTERM)
        for process in self.running:
            process.wait(timeout=30)


@pytest.fixture
def faulty_setup(postgres_url, tmp_path, monkeypatch):
    """PostgreSQL with the schema, a Redis this test may crash, two workers, the webhook routes."""
    engine = migrated_engine(postgres_url)
    db.use_engine(engine)
    redis_server = RedisServer(tmp_path / "redis").start()
    for name, value in (("SHOPIFY_WEBHOOK_SECRET", SHOPIFY_SECRET), ("SHOPIFY_SHOP_DOMAIN", SHOP),
                        ("STRIPE_WEBHOOK_SECRET", STRIPE_SECRET), ("REDIS_URL", redis_server.url)):  # fmt: skip
        monkeypatch.setattr(settings, name, value)
    rds.reset_clients()
    env = {**os.environ, "REDIS_URL": redis_server.url, "DATABASE_URL": postgres_url, "VAR_DIR": str(tmp_path),
           "SHOPIFY_ORDER_EMAILS": "true"}  # the shop e-mails its Shopify orders' customers from here  # fmt: skip
    workers = Workers(env, tmp_path)
    workers.start()
    workers.start()
    yield engine, redis_server, workers, TestClient(Starlette(routes=routes))
    workers.stop()
    redis_server.stop()
    rds.reset_clients()
    db.use_engine(None)
    engine.dispose()


def test_a_thousand_deliveries_survive_killed_workers_and_a_lost_redis(faulty_setup):
    engine, redis_server, workers, client = faulty_setup
    rng = random.Random(20261126)
    with Session(engine) as session:
        shop, shop_expected = shopify_deliveries(200)
        card, card_expected = stripe_deliveries(session, 200)
    unique = shop + card
    sends = unique + rng.choices(unique, k=1000 - len(unique))
    rng.shuffle(sends)
    assert len(sends) == 1000 and len(unique) == 760

    faults, mid_job = {250: "kill", 500: "redis", 750: "kill"}, []
    for index, delivery in enumerate(sends):
        if faults.get(index) == "kill":
            mid_job.append(workers.kill_one_mid_job())
        elif faults.get(index) == "redis":
            redis_server.crash(lose_data=True)
            assert post(client, delivery) == 200  # Redis is down: the delivery is stored and acknowledged
            redis_server.start()
            continue
        assert post(client, delivery) == 200, delivery
    assert any(mid_job), "no worker was inside a job when it was killed"

    def settled() -> bool:
        # What the scheduler does every minute, sooner: find deliveries whose run was lost, and dispatch.
        sweep_webhooks(older_than_seconds=0)
        enqueue_coalesced(dispatch_outbox_job, key=OUTBOX_KEY)
        with Session(engine) as session:
            waiting = session.exec(select(func.count()).select_from(WebhookDelivery)
                                   .where(WebhookDelivery.status == DeliveryStatus.RECEIVED)).one()  # fmt: skip
            undispatched = session.exec(select(func.count()).select_from(OutboxEvent)
                                        .where(col(OutboxEvent.dispatched_at).is_(None))).one()  # fmt: skip
        return waiting == 0 and undispatched == 0

    _wait(settled, 180, "every delivery and event to be handled")

    with Session(engine) as session:
        inbox = session.exec(select(WebhookDelivery)).all()
        assert sorted((d.provider, d.event_id) for d in inbox) == sorted((d["provider"], d["id"]) for d in unique)
        assert Counter(d.status for d in inbox) == {DeliveryStatus.PROCESSED: len(unique)}, [
            (d.event_id, d.outcome) for d in inbox if d.status != DeliveryStatus.PROCESSED
        ]

        retried = [d for d in inbox if d.attempts > 1]
        print(f"\n{len(retried)} deliveries needed more than one attempt; kills mid-job: {mid_job}")
        assert retried, "no delivery waited for another (the shuffle should make some arrive early)"

        orders = {o.external_id: o for o in session.exec(select(OrderMeta)).all()}
        expected = {**shop_expected, **card_expected}
        assert {key: orders[key].status for key in expected} == expected
        for key, order in orders.items():
            statuses = [entry["status"] for entry in order.timeline]
            ranks = [RANK[S(s)] for s in statuses]
            assert ranks == sorted(ranks) and len(set(statuses)) == len(statuses), (key, statuses)
            assert statuses[-1] == expected[key].value

        # The e-mails name an order as its customer knows it (a Shopify order by its name, "#70002").
        shipped = sorted(orders[key].reference for key, status in expected.items() if status == S.SHIPPED)
        mails = session.exec(select(EmailMessage).where(col(EmailMessage.subject).contains("has shipped"))).all()
        assert sorted(m.subject.split()[5] for m in mails) == shipped

        published = Counter(session.exec(select(OutboxEvent.name)).all())
        recorded = Counter(session.exec(select(AnalyticsEvent.name)).all())
        changes = Counter(f"order.{s.lower()}" for o in orders.values() for s in [e["status"] for e in o.timeline][1:])
        # and one "refund issued" (the customer's e-mail) per refund Stripe reported
        changes["order.refund_issued"] += len(session.exec(select(OrderRefund)).all())
        # and one "created" per order that arrived from Shopify (the metrics count them)
        changes["order.created"] += sum(o.provider == "shopify" for o in orders.values())
        assert published == recorded == changes
        assert published["order.shipped"] == len(shipped)
