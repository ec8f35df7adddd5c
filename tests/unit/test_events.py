"""The outbox: events exist only when their change commits, and subscribers' e-mails are made once."""

from sqlmodel import Session, select

from allpetplus.cart import service as carts
from allpetplus.events.bus import dispatch, publish
from allpetplus.events.models import EmailMessage, OutboxEvent
from allpetplus.order import service as orders
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
    assert dispatch(seeded) == 1
    assert dispatch(seeded) == 0
    event.dispatched_at = None  # as if a crash lost the "dispatched" mark: the e-mail must still be one
    seeded.add(event)
    assert dispatch(seeded) == 1
    [mail] = seeded.exec(select(EmailMessage)).all()
    assert mail.to == "buyer@example.com" and order.external_id in mail.subject
    assert "1 × Deshedding Brush" in mail.text and mail.status.value == "STORED"
