"""Order rules: checkout (stock reserved atomically, prices from the server, designs frozen as bought),
the status flow with a timeline entry for every change, tracking, and releasing unpaid stock.
"""

from __future__ import annotations

import re
import secrets
from datetime import timedelta
from typing import Any

from pydantic import BaseModel
from sqlalchemy import or_, update
from sqlmodel import Session, col, select

from allpetplus.builder import types as product_types
from allpetplus.builder.config import Palette
from allpetplus.builder.preview import cached_url, preview_key
from allpetplus.cart import service as carts
from allpetplus.cart.models import Cart, CartLine
from allpetplus.cart.pricing import PricedLine, price_cart, rules
from allpetplus.catalog.models import ProductVariant
from allpetplus.core.errors import NotFound, PermissionDenied, ValidationFailed
from allpetplus.core.models import timeline_entry, utcnow
from allpetplus.core.money import format_money
from allpetplus.core.outbox import publish
from allpetplus.core.words import iso, status_word
from allpetplus.order.models import OrderLine, OrderMeta, OrderStatus
from allpetplus.user.models import UserProfile
from allpetplus.user.permissions import owned_or_404, require_admin, require_user
from allpetplus.user.service import email_problem, normalise_email

S = OrderStatus
#: Where an order may go next. Anything else (including going backwards) is refused.
NEXT: dict[OrderStatus, set[OrderStatus]] = {
    S.AWAITING_PAYMENT: {S.PAID, S.CANCELLED},
    S.PLACED: {S.PAID, S.CANCELLED},
    S.PAID: {S.IN_PRODUCTION, S.SHIPPED, S.CANCELLED, S.PARTIALLY_REFUNDED, S.REFUNDED},
    S.IN_PRODUCTION: {S.SHIPPED, S.CANCELLED, S.PARTIALLY_REFUNDED, S.REFUNDED},
    S.SHIPPED: {S.DELIVERED, S.PARTIALLY_REFUNDED, S.REFUNDED},
    S.DELIVERED: {S.PARTIALLY_REFUNDED, S.REFUNDED},
    # What is left of a partly refunded order still ships (once) and arrives; ``fulfilment`` offers each step once.
    S.PARTIALLY_REFUNDED: {S.SHIPPED, S.DELIVERED, S.REFUNDED},
    S.CANCELLED: set(),
    S.REFUNDED: set(),
}
CARRIERS = {
    "usps": ("USPS", "https://tools.usps.com/go/TrackConfirmAction?tLabels={number}"),
    "ups": ("UPS", "https://www.ups.com/track?tracknum={number}"),
    "fedex": ("FedEx", "https://www.fedex.com/fedextrack/?trknbr={number}"),
    "canadapost": (
        "Canada Post",
        "https://www.canadapost-postescanada.ca/track-reperage/en#/search?searchFor={number}",
    ),
}
_POSTAL = {"US": re.compile(r"^\d{5}(-\d{4})?$"), "CA": re.compile(r"^[A-Za-z]\d[A-Za-z] ?\d[A-Za-z]\d$")}


class Address(BaseModel):
    """Where an order goes."""

    name: str
    line1: str
    line2: str = ""
    city: str
    region: str
    postal_code: str
    country: str


class OrderLineView(BaseModel):
    """A bought line."""

    title: str
    sku: str
    quantity: int
    amount: str
    kind: str
    config: dict[str, Any]
    breakdown: list[dict[str, Any]]
    preview_url: str
    image: str = ""  # its picture (``allpetplus.application.pictures``), when rendered
    image_alt: str = ""


class OrderView(BaseModel):
    """An order as its customer (or staff) sees it."""

    id: int
    reference: str
    status: str
    status_label: str
    email: str
    lines: list[OrderLineView]
    subtotal: str
    has_discount: bool
    discount: str
    shipping: str
    tax: str
    total: str
    address: dict[str, str]
    timeline: list[dict[str, Any]]
    carrier: str
    tracking_number: str
    tracking_url: str
    placed_on: str
    placed_at: str
    staff_may_mark_paid: bool = False
    #: The owner may pay it by card now (``customer_may_pay``).
    payable: bool = False


def validate_address(data: dict[str, Any]) -> Address:
    """A complete address in a country the shop ships to; ``ValidationFailed`` names each bad field."""
    countries = rules()["countries"]
    values = {k: str(data.get(k, "") or "").strip() for k in Address.model_fields}
    values["country"] = values["country"].upper()
    values["region"] = values["region"].upper()
    errors: dict[str, str] = {}
    for field, label in (
        ("name", "your name"),
        ("line1", "the street address"),
        ("city", "the city"),
        ("region", "the state or province"),
    ):
        if not values[field]:
            errors[field] = f"Enter {label}."
        elif len(values[field]) > 100:
            errors[field] = "Use at most 100 characters."
    if values["country"] not in countries:
        errors["country"] = "We ship to " + " and ".join(countries.values()) + "."
    elif not _POSTAL[values["country"]].match(values["postal_code"]):
        errors["postal_code"] = (
            "Enter a ZIP code like 94110." if values["country"] == "US" else "Enter a postal code like K1A 0B1."
        )
    if errors:
        raise ValidationFailed(errors)
    return Address(**values)


_entry = timeline_entry


def _reserve(session: Session, variant_id: int, quantity: int) -> bool:
    """Take ``quantity`` from stock in one conditional UPDATE: two buyers can never both get the last one."""
    result = session.exec(
        update(ProductVariant)
        .where(col(ProductVariant.id) == variant_id, col(ProductVariant.stock) >= quantity)
        .values(stock=ProductVariant.stock - quantity)
    )
    return result.rowcount == 1


def checkout(
    session: Session,
    cart: Cart,
    *,
    user: UserProfile | None,
    email: str,
    address: dict[str, Any],
    palette: Palette,
    provider: str = "invoice",
) -> OrderMeta:
    """Turn the cart into an order awaiting payment: re-price, reserve stock, freeze designs, clear the cart."""
    email = normalise_email(email or (user.email if user else ""))
    errors: dict[str, str] = {}
    if problem := email_problem(email):
        errors["email"] = problem
    try:
        where = validate_address(address)
    except ValidationFailed as exc:
        errors.update(exc.errors)
        where = None
    if errors:
        raise ValidationFailed(errors)
    priced = carts.totals(session, cart, user=user, email=email, country=where.country, region=where.region)
    if not priced.lines:
        raise ValidationFailed.one("cart", "Your cart is empty.")
    if unavailable := [line for line in priced.lines if not line.available]:
        raise ValidationFailed.one("cart", f"{unavailable[0].title}: {unavailable[0].note}")
    if priced.code_problem:
        raise _code_refused(priced.code, priced.code_problem)
    order = OrderMeta(
        user_id=user.id if user else None,
        provider=provider,
        external_id=f"APP-{utcnow():%y%m%d}-{secrets.token_hex(3).upper()}",
        status=OrderStatus.AWAITING_PAYMENT,
        email=email,
        subtotal_cents=priced.subtotal_cents,
        discount_cents=priced.discount_cents,
        shipping_cents=priced.shipping_cents,
        tax_cents=priced.tax_cents,
        total_cents=priced.total_cents,
        currency=priced.currency,
        discount_code=priced.code or None,
        shipping=where.model_dump(),
        timeline=[_entry(OrderStatus.AWAITING_PAYMENT, "customer", "Order placed; awaiting payment.")],
    )
    session.add(order)
    session.flush()
    for priced_line in priced.lines:
        line = session.get(CartLine, priced_line.id)
        frozen = OrderLine(
            order_id=order.id,
            kind=line.kind,
            variant_id=line.variant_id,
            design_id=line.design_id,
            title=line.title,
            sku=priced_line.sku,
            unit_cents=priced_line.unit_cents,
            quantity=line.quantity,
        )
        if line.kind == "variant" and not _reserve(session, line.variant_id, line.quantity):
            session.rollback()
            raise ValidationFailed.one("cart", f"Sorry, {line.title} just sold out. Your cart is unchanged.")
        if line.kind == "design":
            config = product_types.validate(line.config, palette, line.product_type)
            quote = product_types.quote(config)
            frozen.product_type = line.product_type
            frozen.config = config.normalised()
            frozen.breakdown = [entry.model_dump() for entry in quote.lines]
            frozen.unit_cents = quote.unit_cents
            frozen.preview_url = cached_url(preview_key(config, palette))
        session.add(frozen)
    if priced.code:
        try:
            carts.redeem_code(session, carts.find_code(session, priced.code), order.id, user, email)
        except ValidationFailed as exc:  # another checkout took the code for this customer a moment ago
            session.rollback()
            raise _code_refused(priced.code, exc.errors["code"]) from None
    carts.clear(session, cart)
    session.flush()
    announce_order(session, order)
    return order


def _code_refused(code: str, problem: str) -> ValidationFailed:
    return ValidationFailed.one("code", f"{code}: {problem} Remove the code to check out.")


def announce_order(session: Session, order: OrderMeta) -> None:
    """Publish ``order.created`` (for the confirmation e-mail and analytics) in the order's transaction."""
    lines = session.exec(select(OrderLine).where(OrderLine.order_id == order.id).order_by(OrderLine.id)).all()
    publish(
        session,
        "order.created",
        {
            "order_id": order.id,
            "reference": order.reference,
            "user_id": order.user_id,
            "email": order.email,
            "source": order.provider,
            "total": format_money(order.total_cents, order.currency),
            "total_cents": order.total_cents,
            "currency": order.currency,
            "lines": [f"{line.quantity} × {line.title}" for line in lines],
            "lines_count": len(lines),
            "has_design": any(line.kind == "design" for line in lines),
            "fee_only": all(line.kind == "fee" for line in lines),
        },
    )


# ---------------------------------------------------------------- reading


def tracking_url(carrier: str | None, number: str | None) -> str:
    """The carrier's tracking page for a parcel ('' when unknown)."""
    if not carrier or not number or carrier not in CARRIERS:
        return ""
    return CARRIERS[carrier][1].format(number=number)


def get_order(session: Session, user: UserProfile | None, order_id: int) -> OrderMeta:
    """An order of the user's (or any, for staff); "not found" otherwise."""
    return owned_or_404(user, session.get(OrderMeta, order_id), "That order")


def view_order(session: Session, user: UserProfile | None, order_id: int) -> OrderView:
    """An order with its frozen lines, totals, timeline and tracking (its owner or staff only)."""
    return order_view(session, get_order(session, user, order_id))


def order_view(session: Session, order: OrderMeta) -> OrderView:
    """The view of an order already authorised (e.g. the one a guest has just placed)."""
    money = lambda cents: format_money(cents, order.currency)  # noqa: E731
    lines = session.exec(select(OrderLine).where(OrderLine.order_id == order.id).order_by(OrderLine.id)).all()
    return OrderView(
        id=order.id,
        reference=order.reference,
        status=order.status.value,
        status_label=status_word(order.status),
        email=order.email,
        lines=[
            OrderLineView(
                title=line.title,
                sku=line.sku,
                quantity=line.quantity,
                amount=money(line.unit_cents * line.quantity),
                kind=line.kind,
                config=line.config,
                breakdown=line.breakdown,
                preview_url=line.preview_url or "",
            )
            for line in lines
        ],
        subtotal=money(order.subtotal_cents),
        has_discount=order.discount_cents > 0,
        discount=money(-order.discount_cents),
        shipping=money(order.shipping_cents),
        tax=money(order.tax_cents),
        total=money(order.total_cents),
        address={k: str(v) for k, v in (order.shipping or {}).items()},
        timeline=[{**entry, "label": status_word(entry.get("status"))} for entry in order.timeline or []],
        carrier=CARRIERS.get(order.carrier or "", ("", ""))[0],
        tracking_number=order.tracking_number or "",
        tracking_url=tracking_url(order.carrier, order.tracking_number),
        placed_on=order.created_at.date().isoformat(),
        placed_at=iso(order.created_at),
        staff_may_mark_paid=staff_may_mark_paid(order),
        payable=customer_may_pay(order),
    )


def customer_may_pay(order: OrderMeta) -> bool:
    """Whether the owner may pay an open card order themselves (e.g. a box renewal their bank asked them to
    confirm): on Stripe's page, which asks for 3-D Secure when the bank wants it."""
    return order.provider == "stripe" and order.status == S.AWAITING_PAYMENT


class OrderSummary(BaseModel):
    """An order in a list."""

    id: int
    reference: str
    status: str
    total: str
    placed_on: str


def list_orders(session: Session, user: UserProfile | None, limit: int | None = None) -> list[OrderSummary]:
    """The user's orders, newest first."""
    user = require_user(user)
    stmt = select(OrderMeta).where(OrderMeta.user_id == user.id).order_by(col(OrderMeta.created_at).desc())
    if limit:
        stmt = stmt.limit(limit)
    return [
        OrderSummary(
            id=o.id,
            reference=o.reference,
            status=o.status.value.replace("_", " ").title(),
            total=format_money(o.total_cents, o.currency),
            placed_on=o.created_at.date().isoformat(),
        )
        for o in session.exec(stmt)
    ]


# ---------------------------------------------------------------- the status flow


def move(
    session: Session,
    order: OrderMeta,
    status: OrderStatus,
    *,
    by: str,
    note: str = "",
    carrier: str = "",
    tracking_number: str = "",
) -> OrderMeta:
    """Move an order along the flow (never backwards); shipping needs a carrier and a tracking number."""
    if status == order.status:
        return order
    if status not in NEXT[order.status]:
        now, then = (s.value.replace("_", " ").lower() for s in (order.status, status))
        raise ValidationFailed.one("status", f"An order that is {now} can't become {then}.")
    # A partly refunded order still ships and arrives, once each.
    if status in (S.SHIPPED, S.DELIVERED) and any(e.get("status") == status.value for e in order.timeline or []):
        raise ValidationFailed.one("status", f"This order is already {status.value.lower()}.")
    if status == S.DELIVERED and not order.tracking_number:
        raise ValidationFailed.one("status", "An order arrives after it has shipped.")
    if status == S.SHIPPED:
        number = re.sub(r"\s", "", tracking_number)
        errors = {}
        if carrier not in CARRIERS:
            errors["carrier"] = "Choose the carrier."
        if not re.fullmatch(r"[A-Za-z0-9]{8,40}", number):
            errors["tracking_number"] = "Enter the tracking number from the label (8 to 40 letters and digits)."
        if errors:
            raise ValidationFailed(errors)
        order.carrier, order.tracking_number = carrier, number
    if status == S.CANCELLED:
        restore_stock(session, order)
        if order.status in (S.AWAITING_PAYMENT, S.PLACED):
            carts.release_code(session, order.id)
    record_status(session, order, status, by=by, note=note)
    return order


def note_on_timeline(session: Session, order: OrderMeta, *, by: str, note: str) -> None:
    """Add a note to the order's timeline without changing its status."""
    order.timeline = [*(order.timeline or []), _entry(order.status, by, note)]
    session.add(order)


def record_status(session: Session, order: OrderMeta, status: OrderStatus, *, by: str, note: str = "") -> None:
    """Put ``status`` on the order with its timeline entry and publish ``order.<status>`` in the same
    transaction (the shipping e-mail and analytics hear it). Callers have checked the move is allowed."""
    order.status = status
    order.timeline = [*(order.timeline or []), _entry(status, by, note)]
    order.updated_at = utcnow()
    session.add(order)
    session.flush()
    carrier = CARRIERS.get(order.carrier or "")
    publish(
        session,
        f"order.{status.value.lower()}",
        {
            "order_id": order.id,
            "reference": order.reference,
            "user_id": order.user_id,
            "email": order.email,
            "status": status.value,
            "source": order.provider,
            "by": by.split(":", 1)[0],
            "total_cents": order.total_cents,
            "currency": order.currency,
            "carrier_name": carrier[0] if carrier else (order.carrier or ""),
            "tracking_number": order.tracking_number or "",
            "tracking_url": tracking_url(order.carrier, order.tracking_number),
        },
    )


def staff_orders(
    session: Session, actor: UserProfile | None, *, status: str = "", search: str = "", limit: int = 100
) -> list[OrderView]:
    """Staff: the newest orders, by status and by text in the reference or the customer's e-mail."""
    require_admin(actor)
    stmt = select(OrderMeta).order_by(col(OrderMeta.created_at).desc()).limit(limit)
    if status in OrderStatus.__members__:
        stmt = stmt.where(OrderMeta.status == OrderStatus(status))
    if search.strip():
        pattern = f"%{search.strip()}%"
        stmt = stmt.where(
            or_(
                col(OrderMeta.external_id).ilike(pattern),
                col(OrderMeta.source_name).ilike(pattern),
                col(OrderMeta.email).ilike(pattern),
            )
        )
    return [order_view(session, order) for order in session.exec(stmt)]


#: Orders whose payment staff record by hand: invoices (a card or Shopify payment arrives from its provider).
PAID_BY_HAND = frozenset({"invoice"})


def staff_may_mark_paid(order: OrderMeta) -> bool:
    """Whether staff may record this order's payment: an invoice order that can still become paid."""
    return order.provider in PAID_BY_HAND and S.PAID in NEXT[order.status]


def staff_move(session: Session, actor: UserProfile | None, order_id: int, status: str, **details: str) -> OrderMeta:
    """Staff move an order (e.g. mark an invoice paid, or shipped with tracking)."""
    actor = require_admin(actor)
    order = session.get(OrderMeta, order_id)
    if order is None:
        raise NotFound("That order")
    try:
        target = OrderStatus(status)
    except ValueError:
        raise ValidationFailed.one("status", "Unknown status.") from None
    if target == S.PAID and order.provider not in PAID_BY_HAND:
        raise ValidationFailed.one("status", "This order is paid through its provider (card or Shopify), not by hand.")
    return move(session, order, target, by=f"staff:{actor.email}", **details)


CANCELLABLE_BY_CUSTOMER = frozenset({S.AWAITING_PAYMENT, S.PLACED})  # until it has been paid


def customer_cancel(session: Session, user: UserProfile | None, order_id: int) -> OrderMeta:
    """A customer may cancel an order until it has been paid."""
    order = get_order(session, user, order_id)
    if order.status not in CANCELLABLE_BY_CUSTOMER:
        raise PermissionDenied("This order is already paid; contact us to cancel it.")
    return move(session, order, S.CANCELLED, by="customer", note="Cancelled by the customer.")


def restore_stock(session: Session, order: OrderMeta) -> None:
    """Put an unshipped order's variants back in stock."""
    if order.status not in (S.AWAITING_PAYMENT, S.PLACED, S.PAID, S.IN_PRODUCTION):
        return
    for line in session.exec(
        select(OrderLine).where(OrderLine.order_id == order.id, col(OrderLine.variant_id).is_not(None))
    ):
        session.exec(
            update(ProductVariant)
            .where(col(ProductVariant.id) == line.variant_id)
            .values(stock=ProductVariant.stock + line.quantity)
        )


def release_unpaid(session: Session) -> int:
    """Cancel orders whose payment never came (per provider's window) and free their stock; returns how many."""
    released = 0
    for provider, hours in rules()["unpaid_order_hours"].items():
        cutoff = utcnow() - timedelta(hours=hours)
        stale = session.exec(
            select(OrderMeta).where(
                OrderMeta.provider == provider,
                OrderMeta.status == S.AWAITING_PAYMENT,
                col(OrderMeta.created_at) < cutoff,
                or_(col(OrderMeta.hold_until).is_(None), col(OrderMeta.hold_until) < utcnow()),
            )
        ).all()
        for order in stale:
            move(session, order, S.CANCELLED, by="system", note="Payment never arrived; the items went back on sale.")
            released += 1
    return released


def place_box_order(
    session: Session,
    *,
    user: UserProfile,
    plan: Any,
    size: str,
    extras: list[dict[str, Any]],
    address: dict[str, Any],
    ship_date: Any,
    provider: str = "invoice",
) -> OrderMeta:
    """The order for one subscription box (plus its one-off extras that are still in stock), paid on invoice or
    by the owner's saved card (``provider="stripe"``)."""
    priced = [
        PricedLine(id=0, kind="box", title=f"{plan.name} (size {size})", sku=plan.slug, unit_cents=plan.price_cents,
                   quantity=1, amount_cents=plan.price_cents, amount="", set_group="", available=True, note="")
    ]  # fmt: skip
    reserved: list[tuple[ProductVariant, int]] = []
    for index, extra in enumerate(extras, start=1):
        variant = session.exec(select(ProductVariant).where(ProductVariant.sku == extra["sku"])).first()
        if variant is not None and _reserve(session, variant.id, extra["quantity"]):
            reserved.append((variant, extra["quantity"]))
            cents, qty = variant.price_cents, extra["quantity"]
            priced.append(
                PricedLine(id=index, kind="variant", title=extra["title"], sku=variant.sku, unit_cents=cents,
                           quantity=qty, amount_cents=cents * qty, amount="", set_group="", available=True, note="")
            )  # fmt: skip
    totals = price_cart(priced, country=address.get("country", ""), region=address.get("region", ""))
    order = OrderMeta(
        user_id=user.id,
        provider=provider,
        external_id=f"APP-{utcnow():%y%m%d}-{secrets.token_hex(3).upper()}",
        status=OrderStatus.AWAITING_PAYMENT,
        email=user.email,
        subtotal_cents=totals.subtotal_cents,
        shipping_cents=totals.shipping_cents,
        tax_cents=totals.tax_cents,
        total_cents=totals.total_cents,
        shipping=address,
        timeline=[_entry(OrderStatus.AWAITING_PAYMENT, "subscription", f"Box for {ship_date}.")],
    )
    session.add(order)
    session.flush()
    for line in priced:
        variant_id = next((v.id for v, _ in reserved if v.sku == line.sku), None) if line.kind == "variant" else None
        session.add(OrderLine(order_id=order.id, kind=line.kind, variant_id=variant_id, title=line.title, sku=line.sku,
                              unit_cents=line.unit_cents, quantity=line.quantity))  # fmt: skip
    session.flush()
    announce_order(session, order)
    return order


def place_fee_order(
    session: Session,
    *,
    user: UserProfile,
    email: str,
    title: str,
    cents: int,
    currency: str,
    provider: str,
    address: dict[str, Any],
) -> OrderMeta:
    """The order for a fee (e.g. a pet licence): one line, no shipping or tax, paid by card or invoice
    (``provider``, as ``application.checkout.payment_provider`` chose it)."""
    order = OrderMeta(
        user_id=user.id,
        provider=provider,
        external_id=f"APP-{utcnow():%y%m%d}-{secrets.token_hex(3).upper()}",
        status=OrderStatus.AWAITING_PAYMENT,
        email=email,
        subtotal_cents=cents,
        total_cents=cents,
        currency=currency,
        shipping=address,
        timeline=[_entry(OrderStatus.AWAITING_PAYMENT, "licence", "Fee due.")],
    )
    session.add(order)
    session.flush()
    session.add(OrderLine(order_id=order.id, kind="fee", title=title[:120], unit_cents=cents, quantity=1))
    session.flush()
    announce_order(session, order)
    return order
