"""The outbox: events exist only when their change commits, and subscribers' e-mails are made once."""

from datetime import timedelta

from sqlmodel import Session, select

from allpetplus.analytics.models import AnalyticsEvent
from allpetplus.cart import service as carts
from allpetplus.catalog.models import ProductVariant
from allpetplus.core.outbox import OutboxEvent, publish
from allpetplus.events.bus import dispatch
from allpetplus.events.email import render
from allpetplus.events.models import EmailMessage
from allpetplus.order import service as orders
from allpetplus.order.models import OrderStatus
from allpetplus.webhook.stripe import confirm_stripe_payment
from tests.unit.test_builder_rules import PALETTE
from tests.unit.test_commerce import ADDRESS


def test_an_event_is_written_with_its_change_and_rolled_back_with_it(engine):
    with Session(engine) as session:
        publish(session, "design.saved", {"id": 1})
        session.rollback()
    with Session(engine) as session:
        assert session.exec(select(OutboxEvent)).all() == []
        publish(session, "design.saved", {"id": 2})
        session.commit()
    with Session(engine) as session:
        assert [e.payload for e in session.exec(select(OutboxEvent))] == [{"id": 2}]


def test_an_order_confirmation_is_sent_once_even_if_dispatched_twice(seeded):
    cart = carts.guest_cart(seeded, carts.new_guest_token())
    carts.add_variant(seeded, cart, "DSB-OS-FOR", 1)
    order = orders.checkout(seeded, cart, user=None, email="buyer@example.com", address=ADDRESS, palette=PALETTE)
    seeded.commit()
    [event] = seeded.exec(select(OutboxEvent).where(OutboxEvent.name == "order.created")).all()
    assert event.payload["reference"] == order.external_id and event.dispatched_at is None
    assert dispatch(seeded) == 2  # cart.item_added, order.created
    assert dispatch(seeded) == 0
    event.dispatched_at = None  # as if a crash lost the "dispatched" mark: the e-mail must still be one
    seeded.add(event)
    assert dispatch(seeded) == 1
    [mail] = seeded.exec(select(EmailMessage)).all()
    assert mail.to == "buyer@example.com" and order.external_id in mail.subject
    assert "1 × Deshedding Brush" in mail.text and mail.status.value == "STORED"
    assert "<li>1 × Deshedding Brush" in mail.html
    recorded = seeded.exec(select(AnalyticsEvent).order_by(AnalyticsEvent.id)).all()
    assert [(r.name, r.amount_cents) for r in recorded] == [
        (
            "cart.item_added",
            seeded.exec(select(ProductVariant.price_cents).where(ProductVariant.sku == "DSB-OS-FOR")).one(),
        ),
        ("order.created", order.total_cents),
    ]
    assert "buyer@example.com" not in str([r.model_dump() for r in recorded])


def test_shipping_sends_one_email_with_the_tracking_link(seeded):
    cart = carts.guest_cart(seeded, carts.new_guest_token())
    carts.add_variant(seeded, cart, "DSB-OS-FOR", 1)
    order = orders.checkout(seeded, cart, user=None, email="buyer@example.com", address=ADDRESS, palette=PALETTE)
    orders.move(seeded, order, OrderStatus.PAID, by="staff:a@example.com")
    orders.move(seeded, order, OrderStatus.SHIPPED, by="staff:a@example.com", carrier="ups",
                tracking_number="1Z999AA10123456784")  # fmt: skip
    seeded.commit()
    dispatch(seeded)
    shipped = seeded.exec(select(OutboxEvent).where(OutboxEvent.name == "order.shipped")).one()
    shipped.dispatched_at = None
    seeded.add(shipped)
    dispatch(seeded)
    [mail] = seeded.exec(select(EmailMessage).where(EmailMessage.subject.contains("has shipped"))).all()
    assert "Tracking number: 1Z999AA10123456784" in mail.text and "Carrier: UPS" in mail.text
    assert 'href="https://www.ups.com/track?tracknum=1Z999AA10123456784"' in mail.html
    names = seeded.exec(select(AnalyticsEvent.name).order_by(AnalyticsEvent.id)).all()
    assert names == ["cart.item_added", "order.created", "order.paid", "order.shipped"]


def test_a_card_order_is_confirmed_only_once_stripe_says_it_is_paid(seeded):
    cart = carts.guest_cart(seeded, carts.new_guest_token())
    carts.add_variant(seeded, cart, "DSB-OS-FOR", 1)
    order = orders.checkout(seeded, cart, user=None, email="card@example.com", address=ADDRESS, palette=PALETTE,
                            provider="stripe")  # fmt: skip
    seeded.commit()
    dispatch(seeded)
    assert seeded.exec(select(EmailMessage)).all() == []  # an abandoned Stripe Checkout gets no "thank you"
    paid = {"id": "cs_test_1", "client_reference_id": order.external_id, "payment_status": "paid",
            "payment_intent": "pi_test_1"}  # fmt: skip
    assert confirm_stripe_payment(seeded, paid) == f"order {order.external_id} paid"
    seeded.commit()
    dispatch(seeded)
    [mail] = seeded.exec(select(EmailMessage)).all()
    assert mail.subject == f"Your All Pet Plus order {order.external_id} is confirmed"
    assert "we have your payment" in mail.text and "1 × Deshedding Brush" in mail.text
    assert 'alt="Deshedding Brush in Forest Green"' in mail.html and "-160.jpg" in mail.html  # its picture


def test_an_invoice_order_says_how_to_pay_and_is_confirmed_when_paid(seeded):
    cart = carts.guest_cart(seeded, carts.new_guest_token())
    carts.add_variant(seeded, cart, "DSB-OS-FOR", 1)
    order = orders.checkout(seeded, cart, user=None, email="invoice@example.com", address=ADDRESS, palette=PALETTE)
    seeded.commit()
    dispatch(seeded)
    [owed] = seeded.exec(select(EmailMessage)).all()
    total = orders.order_view(seeded, order).total
    due = order.created_at + timedelta(days=7)
    assert owed.subject == f"Your All Pet Plus order {order.external_id}: {total} to pay"
    assert f"How to pay: transfer {total} quoting {order.external_id}, by {due.day} {due:%B %Y}" in owed.text
    assert "Thank you: we have your payment" not in owed.text
    orders.move(seeded, order, OrderStatus.PAID, by="staff:a@example.com")
    seeded.commit()
    dispatch(seeded)
    confirmed = seeded.exec(select(EmailMessage).where(EmailMessage.id != owed.id)).one()
    assert confirmed.subject.endswith("is confirmed") and f"Paid: {total}" in confirmed.text


def test_html_bodies_escape_what_customers_typed(seeded):
    text, html = render(
        "order_confirmation",
        reference="APP-1",
        lines=[{"text": "1 × <script>x</script>", "image": "", "alt": ""}],
        total="$1.00",
        fee_only=False,
    )
    assert "<script>" in text and "<script>" not in html and "&lt;script&gt;" in html


def test_a_broken_subscriber_keeps_its_event_waiting_without_stopping_the_others(engine, monkeypatch):
    from allpetplus.events import bus

    heard: list[int] = []
    monkeypatch.setitem(bus.SUBSCRIBERS, "test.broken", [lambda s, e: 1 / 0, lambda s, e: heard.append(e.id)])
    with Session(engine) as session:
        broken = publish(session, "test.broken", {})
        fine = publish(session, "design.saved", {"design_id": 3})
        session.commit()
        assert dispatch(session) == 1  # design.saved went through
        assert heard == [broken.id] and broken.dispatched_at is None and fine.dispatched_at is not None
        assert dispatch(session) == 0 and heard == [broken.id, broken.id]  # tried again next time
