"""Staff refund a paid order from its page: by line or by amount, with a reason, restocking if they choose; the
customer is told by e-mail each time, and the business metrics count only what was kept."""

import pytest
from sqlmodel import select

from allpetplus.analytics.report import business_report
from allpetplus.cart import service as carts
from allpetplus.catalog.models import ProductVariant
from allpetplus.core.errors import PermissionDenied, ValidationFailed
from allpetplus.core.money import format_money
from allpetplus.events.bus import dispatch
from allpetplus.events.models import EmailMessage
from allpetplus.order import refunds
from allpetplus.order import service as orders
from allpetplus.order.fulfilment import staff_order
from allpetplus.order.models import OrderLine, OrderRefund, OrderStatus
from allpetplus.order.payment_state import payment_state
from allpetplus.user.models import Role, UserProfile
from tests.unit.test_builder_rules import PALETTE
from tests.unit.test_commerce import ADDRESS


@pytest.fixture
def staff(seeded):
    user = UserProfile(email="staff@example.com", role=Role.ADMIN)
    seeded.add(user)
    seeded.commit()
    return user


def stock(session, sku: str) -> int:
    return session.exec(select(ProductVariant.stock).where(ProductVariant.sku == sku)).one()


@pytest.fixture
def paid_invoice(seeded, staff):
    """An invoice order for two beds and a brush, paid."""
    cart = carts.guest_cart(seeded, carts.new_guest_token())
    carts.add_variant(seeded, cart, "BED-M-CHA", 2)
    carts.add_variant(seeded, cart, "DSB-OS-FOR", 1)
    order = orders.checkout(seeded, cart, user=None, email="buyer@example.com", address=ADDRESS, palette=PALETTE)
    orders.staff_move(seeded, staff, order.id, "PAID")
    seeded.commit()
    return order


def test_a_line_refund_then_the_rest_refund_the_order_in_full_with_an_email_each(seeded, staff, paid_invoice):
    order = paid_invoice
    bed, brush = seeded.exec(select(OrderLine).where(OrderLine.order_id == order.id).order_by(OrderLine.id)).all()
    beds_in_stock = stock(seeded, "BED-M-CHA")

    first = refunds.refund_order(seeded, staff, order.id, lines={str(bed.id): "1"}, reason="Arrived torn.",
                                 restock=True)  # fmt: skip
    seeded.commit()
    assert (first.amount_cents, first.method) == (bed.unit_cents, "credit")
    assert first.lines == [{"line_id": bed.id, "quantity": 1}]
    assert order.status == OrderStatus.PARTIALLY_REFUNDED and order.refunded_cents == bed.unit_cents
    assert stock(seeded, "BED-M-CHA") == beds_in_stock + 1
    assert order.timeline[-1]["note"] == f"Refunded {format_money(bed.unit_cents)} as a credit on the invoice. " \
                                         "Arrived torn."  # fmt: skip
    view = staff_order(seeded, staff, order.id)
    assert [line.refundable for line in view.lines] == [1, 1] and view.can_refund and view.can_ship
    assert payment_state(order) == (f"Invoice paid, {format_money(bed.unit_cents)} of "
                                    f"{format_money(order.total_cents)} refunded")  # fmt: skip

    left = order.total_cents - bed.unit_cents
    rest = refunds.refund_order(seeded, staff, order.id, reason="Customer changed their mind.")
    seeded.commit()
    assert rest.amount_cents == left and rest.lines == [] and not rest.restocked
    assert order.status == OrderStatus.REFUNDED and order.refunded_cents == order.total_cents
    assert stock(seeded, "BED-M-CHA") == beds_in_stock + 1  # not restocked the second time
    assert not staff_order(seeded, staff, order.id).can_refund and payment_state(order) == "Refunded"
    assert [e["status"] for e in order.timeline][-2:] == ["PARTIALLY_REFUNDED", "REFUNDED"]

    dispatch(seeded)
    dispatch(seeded)  # dispatched again: still one e-mail per refund
    mails = seeded.exec(select(EmailMessage).where(EmailMessage.subject.contains("refunded"))).all()
    assert [m.subject for m in mails] == [
        f"Your All Pet Plus order {order.external_id}: {format_money(bed.unit_cents)} refunded",
        f"Your All Pet Plus order {order.external_id}: {format_money(left)} refunded",
    ]
    partial, full = mails
    assert "Why: Arrived torn." in partial.text and "credited against your invoice" in partial.text
    assert f"Refunded so far: {format_money(bed.unit_cents)} of {format_money(order.total_cents)}" in partial.text
    assert "<p>Why: Arrived torn.</p>" in partial.html
    assert f"refunded in full ({format_money(order.total_cents)})" in full.text and "in full" in full.html


def test_revenue_counts_only_the_money_kept(seeded, staff, paid_invoice):
    dispatch(seeded)
    before = business_report(seeded, staff, 30).revenue
    refunds.refund_order(seeded, staff, paid_invoice.id, amount="10", reason="Late delivery.")
    seeded.commit()
    dispatch(seeded)
    assert business_report(seeded, staff, 30).revenue == format_money(paid_invoice.total_cents - 1000)
    assert before == format_money(paid_invoice.total_cents)
    refunds.refund_order(seeded, staff, paid_invoice.id, reason="Cancelled after all.")
    seeded.commit()
    dispatch(seeded)
    assert business_report(seeded, staff, 30).revenue == format_money(0)


@pytest.mark.parametrize(
    ("request_", "field", "message"),
    [
        ({"amount": "abc", "reason": "Broken."}, "amount", "Enter an amount such as 12.50."),
        ({"amount": "0", "reason": "Broken."}, "amount", "Enter an amount above zero."),
        ({"amount": "100000", "reason": "Broken."}, "amount", "At most"),
        ({"amount": "-5", "reason": "Broken."}, "amount", "Enter an amount such as 12.50."),
        ({"amount": "5", "reason": " "}, "reason", "Say why"),
        ({"amount": "5", "reason": "x" * 301}, "reason", "Say why"),
        ({"lines": {"999999": "1"}, "reason": "Broken."}, "lines", "That line is not part of this order."),
        ({"lines": {"LINE": "1"}, "reason": "Broken."}, "lines", "That line is not part of this order."),
        ({"lines": {"BED": "3"}, "reason": "Broken."}, "lines", "Only 2 of"),
        ({"lines": {"BED": "1.5"}, "reason": "Broken."}, "lines", "whole number"),
        ({"lines": {"BED": "-1"}, "reason": "Broken."}, "lines", "whole number"),
        ({"lines": {"BED": "1"}, "amount": "5", "reason": "Broken."}, "amount", "not both"),
    ],
)
def test_a_bad_refund_is_refused_with_the_field_named_and_changes_nothing(seeded, staff, paid_invoice, request_,
                                                                          field, message):  # fmt: skip
    bed = seeded.exec(select(OrderLine).where(OrderLine.order_id == paid_invoice.id).order_by(OrderLine.id)).first()
    if "lines" in request_:
        request_ = {**request_, "lines": {str(bed.id) if k == "BED" else k: v for k, v in request_["lines"].items()}}
    with pytest.raises(ValidationFailed) as refused:
        refunds.refund_order(seeded, staff, paid_invoice.id, **request_)
    assert message in refused.value.errors[field]
    seeded.rollback()
    assert seeded.exec(select(OrderRefund)).all() == []


def test_only_staff_refund_and_only_paid_orders(seeded, staff):
    customer = UserProfile(email="buyer@example.com")
    seeded.add(customer)
    cart = carts.guest_cart(seeded, carts.new_guest_token())
    carts.add_variant(seeded, cart, "DSB-OS-FOR", 1)
    order = orders.checkout(seeded, cart, user=None, email="buyer@example.com", address=ADDRESS, palette=PALETTE)
    with pytest.raises(PermissionDenied):
        refunds.refund_order(seeded, customer, order.id, reason="Give me my money.")
    with pytest.raises(PermissionDenied):
        refunds.refund_order(seeded, None, order.id, reason="Give me my money.")
    with pytest.raises(ValidationFailed, match="Only a paid order"):
        refunds.refund_order(seeded, staff, order.id, reason="Not paid yet.")
    assert not staff_order(seeded, staff, order.id).can_refund


def test_a_partly_refunded_order_still_ships_and_arrives_once(seeded, staff, paid_invoice):
    refunds.refund_order(seeded, staff, paid_invoice.id, amount="5", reason="Goodwill.")
    orders.staff_move(seeded, staff, paid_invoice.id, "SHIPPED", carrier="ups", tracking_number="1Z999AA10123456784")
    refunds.refund_order(seeded, staff, paid_invoice.id, amount="5", reason="Goodwill again.")
    view = staff_order(seeded, staff, paid_invoice.id)
    assert paid_invoice.status == OrderStatus.PARTIALLY_REFUNDED and (view.can_ship, view.can_deliver) == (False, True)
    with pytest.raises(ValidationFailed, match="already shipped"):
        orders.staff_move(seeded, staff, paid_invoice.id, "SHIPPED", carrier="ups",
                          tracking_number="1Z999AA10123456785")  # fmt: skip
    orders.staff_move(seeded, staff, paid_invoice.id, "DELIVERED")
    refunds.refund_order(seeded, staff, paid_invoice.id, amount="5", reason="And again.")
    assert not staff_order(seeded, staff, paid_invoice.id).can_deliver
    with pytest.raises(ValidationFailed, match="already delivered"):
        orders.staff_move(seeded, staff, paid_invoice.id, "DELIVERED")
    assert paid_invoice.refunded_cents == 1500
