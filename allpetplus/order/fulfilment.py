"""One order as staff fulfil it: what to pack (frozen lines, a design in words), where it goes, how it was
paid, its totals and timeline, and which moves are open to it. The packing slip reads the same view."""

from __future__ import annotations

from pydantic import BaseModel
from sqlmodel import Session, col, select

from allpetplus.builder import types as product_types
from allpetplus.builder.description import colour_names
from allpetplus.cart.pricing import shipping_countries
from allpetplus.catalog.models import ProductVariant
from allpetplus.core.errors import NotFound
from allpetplus.core.inputs import record_id
from allpetplus.core.money import format_money
from allpetplus.core.words import iso, plural, status_word
from allpetplus.order.models import OrderLine, OrderMeta, OrderStatus
from allpetplus.order.payment_state import payment_state
from allpetplus.order.refunds import may_refund, refundable_lines
from allpetplus.order.service import CARRIERS, NEXT, staff_may_mark_paid, tracking_url
from allpetplus.user.models import UserProfile
from allpetplus.user.permissions import require_admin

S = OrderStatus


class PackLine(BaseModel):
    """One bought line as it is packed: what it is, how many, at what price (and how many may still be
    refunded)."""

    id: int
    refundable: int
    title: str
    variant: str
    sku: str
    quantity: int
    unit_price: str
    line_price: str
    design: list[str]
    preview_url: str


class TimelineEntry(BaseModel):
    """A step of the order's life, in words."""

    status: str
    at: str
    by: str
    note: str


class StaffOrder(BaseModel):
    """An order as staff see it on its own page and on its packing slip."""

    id: int
    reference: str
    status: str
    status_label: str
    placed_at: str
    email: str
    payment: str
    lines: list[PackLine]
    item_count: str
    subtotal: str
    discount: str
    discount_code: str
    shipping: str
    tax: str
    total: str
    address: list[str]
    timeline: list[TimelineEntry]
    carrier: str
    tracking_number: str
    tracking_url: str
    can_mark_paid: bool
    can_ship: bool
    can_deliver: bool
    can_refund: bool
    refunded: str
    refund_left: str


def _variant_words(variant: ProductVariant | None) -> str:
    if variant is None:
        return ""
    return " · ".join(part for part in (f"Size {variant.size}" if variant.size else "", variant.colour or "") if part)


def address_lines(shipping: dict) -> list[str]:
    """A shipping address as it is written on a parcel: name, street, town with region and postcode, country."""

    def get(*keys: str) -> str:  # our checkout's keys first, then Shopify's
        return next((str(shipping[k]).strip() for k in keys if str(shipping.get(k) or "").strip()), "")

    town = " ".join(part for part in (get("city"), get("region", "province_code"), get("postal_code", "zip")) if part)
    country = get("country", "country_code")
    lines = [get("name"), get("line1", "address1"), get("line2", "address2"), town,
             shipping_countries().get(country.upper(), country)]  # fmt: skip
    return [line for line in lines if line]


def staff_order(session: Session, actor: UserProfile | None, order_id: object) -> StaffOrder:
    """Staff only: the order ``order_id`` with everything needed to pack, ship and answer the customer."""
    require_admin(actor)
    valid_id = record_id(order_id)
    order = session.get(OrderMeta, valid_id) if valid_id else None
    if order is None:
        raise NotFound("That order")
    money = lambda cents: format_money(cents, order.currency)  # noqa: E731
    rows = session.exec(select(OrderLine).where(OrderLine.order_id == order.id).order_by(col(OrderLine.id))).all()
    variant_ids = [row.variant_id for row in rows if row.variant_id]
    variants = {v.id: v for v in session.exec(select(ProductVariant).where(col(ProductVariant.id).in_(variant_ids)))}
    names = colour_names(session) if any(row.kind == "design" for row in rows) else {}
    refundable = {line.id: line.quantity_left for line in refundable_lines(session, order)}
    lines = [
        PackLine(
            id=row.id,
            refundable=refundable.get(row.id, 0),
            # "Bed — M / Charcoal" reads "Bed" over "Size M · Charcoal" while the variant is still in the catalog
            title=row.title.split(" — ")[0] if row.variant_id in variants else row.title,
            variant=_variant_words(variants.get(row.variant_id)),
            sku=row.sku,
            quantity=row.quantity,
            unit_price=money(row.unit_cents),
            line_price=money(row.unit_cents * row.quantity),
            design=product_types.describe(row.product_type, row.config, names)
            if row.kind == "design" and row.config
            else [],
            preview_url=row.preview_url or "",
        )
        for row in rows
    ]
    timeline = [
        TimelineEntry(status=status_word(e.get("status")), at=str(e.get("at", "")), by=str(e.get("by", "")),
                      note=str(e.get("note", "")))
        for e in order.timeline or []
    ]  # fmt: skip
    return StaffOrder(
        id=order.id,
        reference=order.reference,
        status=order.status.value,
        status_label=status_word(order.status),
        placed_at=iso(order.created_at),
        email=order.email,
        payment=payment_state(order),
        lines=lines,
        item_count=plural(sum(line.quantity for line in rows), "item"),
        subtotal=money(order.subtotal_cents),
        discount=money(-order.discount_cents) if order.discount_cents else "",
        discount_code=order.discount_code or "",
        shipping=money(order.shipping_cents) if order.shipping_cents else "Free",
        tax=money(order.tax_cents) if order.tax_cents else "",
        total=money(order.total_cents),
        address=address_lines(order.shipping or {}),
        timeline=timeline,
        carrier=CARRIERS.get(order.carrier or "", (order.carrier or "", ""))[0],
        tracking_number=order.tracking_number or "",
        tracking_url=tracking_url(order.carrier, order.tracking_number),
        can_mark_paid=staff_may_mark_paid(order),
        can_ship=S.SHIPPED in NEXT[order.status] and not order.tracking_number,
        can_deliver=S.DELIVERED in NEXT[order.status] and bool(order.tracking_number) and not _went(order, S.DELIVERED),
        can_refund=may_refund(order),
        refunded=money(order.refunded_cents) if order.refunded_cents else "",
        refund_left=money(order.total_cents - order.refunded_cents),
    )


def _went(order: OrderMeta, status: OrderStatus) -> bool:
    """Whether the order's timeline went through ``status``."""
    return any(entry.get("status") == status.value for entry in order.timeline or [])
