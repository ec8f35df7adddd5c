"""Business metrics for staff, from the recorded events: the builder funnel (opened → saved → ordered),
conversion, average order value and cart abandonment over a chosen period, and a daily series.

Revenue is money received: the orders paid in the period (``order.paid``, on the day the payment came in),
less those cancelled or refunded since, and less what was given back of those partly refunded. An order
placed but never paid (an invoice still open, or one released unpaid) is an order, not revenue."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from pydantic import BaseModel
from sqlmodel import Session, col, select

from allpetplus.analytics.models import AnalyticsEvent
from allpetplus.core.models import utcnow
from allpetplus.core.money import format_money
from allpetplus.user.models import UserProfile
from allpetplus.user.permissions import require_admin

PERIODS = (7, 30, 90)
#: Events that take a paid order's money back out of revenue.
UNDONE = ("order.cancelled", "order.refunded")


class FunnelStep(BaseModel):
    """One step of the builder funnel."""

    step: str
    people: int
    rate: float


class DayPoint(BaseModel):
    """One day of the series."""

    day: str
    orders: int
    revenue: float
    builder_opened: int


class BusinessReport(BaseModel):
    """The staff metrics for one period."""

    days: int
    orders: int
    revenue: str
    average_order_value: str
    conversion_rate: str
    cart_abandonment: str
    funnel: list[FunnelStep]
    series: list[DayPoint]


def _who(row: AnalyticsEvent) -> str:
    return f"user:{row.user_id}" if row.user_id else f"visitor:{row.visitor}"


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "–"


def _paid_orders(session: Session, paid: list[AnalyticsEvent]) -> list[AnalyticsEvent]:
    """One ``order.paid`` event per order still paid: an order cancelled or refunded since (whenever that
    happened) brought in nothing."""
    subjects = {row.subject for row in paid if row.subject}
    undone: set[str] = set()
    if subjects:
        query = select(AnalyticsEvent.subject).where(
            col(AnalyticsEvent.name).in_(UNDONE), col(AnalyticsEvent.subject).in_(subjects)
        )
        undone = set(session.exec(query).all())
    kept: dict[str, AnalyticsEvent] = {}
    for row in sorted(paid, key=lambda r: r.occurred_at):
        if row.subject and row.subject not in undone:
            kept.setdefault(row.subject, row)
    return list(kept.values())


def _given_back(session: Session, paid: list[AnalyticsEvent]) -> int:
    """What partial refunds gave back of the orders still counted as paid."""
    subjects = {row.subject for row in paid if row.subject}
    if not subjects:
        return 0
    query = select(AnalyticsEvent.amount_cents).where(
        AnalyticsEvent.name == "order.refund_issued", col(AnalyticsEvent.subject).in_(subjects)
    )
    return sum(cents or 0 for cents in session.exec(query).all())


def business_report(session: Session, actor: UserProfile | None, days: int = 30) -> BusinessReport:
    """The metrics over the last ``days`` days (staff only)."""
    require_admin(actor)
    days = days if days in PERIODS else 30
    since = utcnow() - timedelta(days=days)
    rows = session.exec(select(AnalyticsEvent).where(col(AnalyticsEvent.occurred_at) >= since)).all()
    by_name: dict[str, list[AnalyticsEvent]] = defaultdict(list)
    for row in rows:
        by_name[row.name].append(row)
    orders = by_name["order.created"]
    paid = _paid_orders(session, by_name["order.paid"])
    revenue = sum(row.amount_cents or 0 for row in paid) - _given_back(session, paid)
    currency = next((row.currency for row in [*paid, *orders] if row.currency), "USD")
    opened = {_who(row) for row in by_name["builder.opened"]}
    saved = {_who(row) for row in by_name["design.saved"]}
    ordered = {_who(row) for row in orders if row.properties.get("has_design")}
    visitors = opened | {_who(row) for row in by_name["cart.item_added"]}
    carts = {row.visitor for row in by_name["cart.item_added"]}
    funnel = [
        FunnelStep(step=step, people=len(people), rate=round(100 * len(people) / len(opened), 1) if opened else 0.0)
        for step, people in (("Opened the builder", opened), ("Saved a design", saved), ("Ordered a design", ordered))
    ]
    today = utcnow().date()
    daily: dict[date, dict[str, float]] = {
        today - timedelta(days=n): {"orders": 0, "revenue": 0.0, "opened": 0} for n in range(days)
    }
    for row in orders:
        if (day := row.occurred_at.date()) in daily:
            daily[day]["orders"] += 1
    for row in paid:
        if (day := row.occurred_at.date()) in daily:
            daily[day]["revenue"] += (row.amount_cents or 0) / 100
    for row in by_name["builder.opened"]:
        if (day := row.occurred_at.date()) in daily:
            daily[day]["opened"] += 1
    return BusinessReport(
        days=days,
        orders=len(orders),
        revenue=format_money(revenue, currency),
        average_order_value=format_money(revenue // len(paid), currency) if paid else "–",
        conversion_rate=_percent(len(orders), len(visitors)),
        cart_abandonment=_percent(max(len(carts) - len(orders), 0), len(carts)),
        funnel=funnel,
        series=[DayPoint(day=f"{day:%d %b}", orders=int(v["orders"]), revenue=round(v["revenue"], 2),
                         builder_opened=int(v["opened"])) for day, v in sorted(daily.items())],
    )  # fmt: skip
