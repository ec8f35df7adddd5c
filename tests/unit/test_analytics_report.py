"""Staff metrics from recorded events: the builder funnel, conversion, average order value, abandonment."""

import pytest

from allpetplus.analytics.report import business_report
from allpetplus.core.errors import PermissionDenied
from allpetplus.core.outbox import publish
from allpetplus.events.bus import dispatch
from allpetplus.user.models import Role, UserProfile


def test_funnel_conversion_order_value_and_abandonment(session):
    staff, buyer = UserProfile(email="staff@example.com", role=Role.ADMIN), UserProfile(email="b@example.com")
    session.add_all([staff, buyer])
    session.commit()
    events = [
        ("builder.opened", {"user_id": buyer.id, "visitor": "tab-1"}),
        ("builder.opened", {"user_id": None, "visitor": "tab-2"}),
        ("builder.opened", {"user_id": None, "visitor": "tab-3"}),
        ("builder.opened", {"user_id": buyer.id, "visitor": "tab-4"}),  # the same person again
        ("design.saved", {"user_id": buyer.id, "design_id": 1, "total_cents": 4200}),
        ("cart.item_added", {"user_id": buyer.id, "visitor": "cart:1", "total_cents": 4200}),
        ("cart.item_added", {"user_id": None, "visitor": "cart:2", "total_cents": 1500}),
        ("order.created", {"user_id": buyer.id, "reference": "APP-1", "total_cents": 5000, "currency": "USD",
                           "has_design": True, "email": "", "total": "$50.00"}),
        ("order.paid", {"user_id": buyer.id, "reference": "APP-1", "total_cents": 5000, "currency": "USD"}),
    ]  # fmt: skip
    for name, payload in events:
        publish(session, name, payload)
    session.commit()
    dispatch(session)
    report = business_report(session, staff, 7)
    assert [(s.step, s.people, s.rate) for s in report.funnel] == [
        ("Opened the builder", 3, 100.0),
        ("Saved a design", 1, 33.3),
        ("Ordered a design", 1, 33.3),
    ]
    assert (report.orders, report.revenue, report.average_order_value) == (1, "$50.00", "$50.00")
    assert report.conversion_rate == "25.0%"  # 1 order from 4 people (3 in the builder + 1 guest cart)
    assert report.cart_abandonment == "50.0%"
    assert len(report.series) == 7 and report.series[-1].orders == 1 and report.series[-1].builder_opened == 4
    with pytest.raises(PermissionDenied):
        business_report(session, buyer)


def order_events(reference: str, cents: int, *then: str) -> list[tuple[str, dict]]:
    """An order placed for ``cents``, then moved through the statuses ``then`` (each an ``order.<status>``)."""
    payload = {"user_id": None, "reference": reference, "total_cents": cents, "currency": "USD"}
    return [("order.created", payload), *((f"order.{status}", payload) for status in then)]


def test_revenue_counts_paid_orders_only(session):
    staff = UserProfile(email="staff@example.com", role=Role.ADMIN)
    session.add(staff)
    session.commit()
    events = [
        *order_events("APP-PAID", 4000, "paid"),
        *order_events("APP-SHIPPED", 2500, "paid", "shipped"),
        *order_events("APP-INVOICE", 9900),  # an invoice nobody has paid yet
        *order_events("APP-RELEASED", 7000, "cancelled"),  # never paid, released
        *order_events("APP-REFUNDED", 3000, "paid", "refunded"),
        *order_events("APP-TAKEN-BACK", 1200, "paid", "cancelled"),
    ]
    for name, payload in events:
        publish(session, name, payload)
    session.commit()
    dispatch(session)
    report = business_report(session, staff, 7)
    assert (report.orders, report.revenue, report.average_order_value) == (6, "$65.00", "$32.50")
    assert report.series[-1].orders == 6 and report.series[-1].revenue == 65.0
