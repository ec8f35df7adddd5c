"""Refunds: money given back for a paid order, in full or in part, by line or by amount, with a reason.

A card order is refunded through Stripe's refund API; an invoice order gets a recorded credit (the money goes
back the way it came, outside this platform). Every refund is an ``OrderRefund`` row and adds to the order's
``refunded_cents``: the order becomes PARTIALLY_REFUNDED until all it was paid has been given back, then
REFUNDED, with a timeline entry each time. Putting the refunded lines back in stock is staff's choice.

A refund made in Stripe's own dashboard arrives as ``charge.refunded``, whose ``amount_refunded`` is the total
refunded so far: only what goes beyond the refunds already recorded is recorded, so a refund made here and then
reported by Stripe is counted once (``record_stripe_refunds``).
"""

from __future__ import annotations

import re

from pydantic import BaseModel
from sqlmodel import Session, col, select, update

from allpetplus.catalog.models import ProductVariant
from allpetplus.core.errors import NotFound, ValidationFailed
from allpetplus.core.inputs import record_id
from allpetplus.core.money import format_money
from allpetplus.core.outbox import publish
from allpetplus.order import payments
from allpetplus.order.models import OrderLine, OrderMeta, OrderRefund, OrderStatus
from allpetplus.order.payment_state import PAID_STATUSES
from allpetplus.order.service import move, note_on_timeline
from allpetplus.user.models import UserProfile
from allpetplus.user.permissions import require_admin

S = OrderStatus
#: Orders money can be given back for: paid ones, and ones already partly refunded.
REFUNDABLE = PAID_STATUSES | {S.PARTIALLY_REFUNDED}
#: How each provider's refund is made: by card through Stripe, or as a credit against the invoice.
METHODS = {"stripe": "card", "invoice": "credit"}
REASON_MAX = 300
_AMOUNT = re.compile(r"\d{1,7}(?:\.\d{1,2})?")


class RefundableLine(BaseModel):
    """A bought line as staff refund it: what is left to refund of it, and at what unit price."""

    id: int
    title: str
    quantity_left: int
    unit_cents: int


def may_refund(order: OrderMeta) -> bool:
    """Whether staff can refund (more of) this order here: paid by card or on invoice, with money left."""
    return order.provider in METHODS and order.status in REFUNDABLE and order.refunded_cents < order.total_cents


def refundable_lines(session: Session, order: OrderMeta) -> list[RefundableLine]:
    """The order's lines with the quantities not refunded yet."""
    refunded: dict[int, int] = {}
    for refund in session.exec(select(OrderRefund).where(OrderRefund.order_id == order.id)):
        for line in refund.lines or []:
            refunded[int(line["line_id"])] = refunded.get(int(line["line_id"]), 0) + int(line["quantity"])
    rows = session.exec(select(OrderLine).where(OrderLine.order_id == order.id).order_by(col(OrderLine.id))).all()
    return [
        RefundableLine(id=row.id, title=row.title, quantity_left=row.quantity - refunded.get(row.id, 0),
                       unit_cents=row.unit_cents)
        for row in rows
    ]  # fmt: skip


def _cents(text: str) -> int:
    text = text.strip().lstrip("$").replace(",", "")
    if not _AMOUNT.fullmatch(text):
        raise ValidationFailed.one("amount", "Enter an amount such as 12.50.")
    whole, _, part = text.partition(".")
    return int(whole) * 100 + int((part + "00")[:2])


def _chosen_lines(session: Session, order: OrderMeta, quantities: dict) -> tuple[list[dict], int]:
    """The lines staff chose (``{line id: quantity}``) checked against what is left of each, and their value."""
    left = {line.id: line for line in refundable_lines(session, order)}
    chosen, cents = [], 0
    for raw_id, raw_quantity in quantities.items():
        if str(raw_quantity).strip() in ("", "0"):
            continue
        line_id, quantity = record_id(raw_id), record_id(raw_quantity)
        if quantity is None:
            raise ValidationFailed.one("lines", "Enter how many to refund as a whole number.")
        line = left.get(line_id or -1)
        if line is None:
            raise ValidationFailed.one("lines", "That line is not part of this order.")
        if quantity > line.quantity_left:
            raise ValidationFailed.one("lines", f"Only {line.quantity_left} of {line.title} can still be refunded.")
        chosen.append({"line_id": line.id, "quantity": quantity})
        cents += line.unit_cents * quantity
    return chosen, cents


def refund_order(
    session: Session,
    actor: UserProfile | None,
    order_id: object,
    *,
    amount: str = "",
    lines: dict | None = None,
    reason: str = "",
    restock: bool = False,
) -> OrderRefund:
    """Staff refund an order: the chosen lines (``{line id: quantity}``), else ``amount`` (e.g. ``"12.50"``), else
    everything left. A card payment is refunded through Stripe; an invoice order is credited."""
    actor = require_admin(actor)
    valid_id = record_id(order_id)
    order = session.exec(select(OrderMeta).where(OrderMeta.id == valid_id).with_for_update()).first()
    if order is None:
        raise NotFound("That order")
    if order.provider not in METHODS:
        raise ValidationFailed.one("amount", "This order was paid in Shopify; refund it there.")
    left = order.total_cents - order.refunded_cents
    if order.status == S.REFUNDED or (order.status in REFUNDABLE and left <= 0):
        raise ValidationFailed.one("amount", "This order has already been refunded in full.")
    if order.status not in REFUNDABLE:
        raise ValidationFailed.one("amount", "Only a paid order can be refunded.")
    reason = " ".join(str(reason or "").split())
    if not 3 <= len(reason) <= REASON_MAX:
        raise ValidationFailed.one("reason", f"Say why, in 3 to {REASON_MAX} characters (the customer reads it).")
    chosen, cents = _chosen_lines(session, order, lines or {})
    if chosen and str(amount or "").strip():
        raise ValidationFailed.one("amount", "Refund either lines or an amount, not both.")
    if chosen:
        # Lines bought with a discount are worth less than their prices: never more than was paid goes back.
        cents = min(cents, left)
    elif str(amount or "").strip():
        cents = _cents(str(amount))
        if cents > left:
            raise ValidationFailed.one("amount", f"At most {format_money(left, order.currency)} is left to refund.")
    else:
        cents = left
    if cents <= 0:
        raise ValidationFailed.one("amount", "Enter an amount above zero.")

    return _refund(session, order, cents, reason=reason, lines=chosen, restock=restock, by=f"staff:{actor.email}")


def settle_cancelled_fee(session: Session, order: OrderMeta, *, by: str, reason: str) -> str:
    """A fee that will not be earned (a rejected licence application): refunded in full if it was paid (to the
    card, or as a credit), cancelled if it is still owed. Returns what was done, in words."""
    if order.status in (S.AWAITING_PAYMENT, S.PLACED):
        move(session, order, S.CANCELLED, by=by, note=f"Fee cancelled: {reason}")
        return "cancelled"
    if order.provider in METHODS and order.status in REFUNDABLE and order.refunded_cents < order.total_cents:
        _refund(session, order, order.total_cents - order.refunded_cents, reason=reason, by=by)
        return "refunded"
    return ""


def _refund(
    session: Session, order: OrderMeta, cents: int, *, reason: str, by: str, lines: list[dict] | None = None,
    restock: bool = False,
) -> OrderRefund:  # fmt: skip
    """Give ``cents`` back (checked by the caller): through Stripe for a card order, as a credit otherwise."""
    reason = reason[:REASON_MAX]
    refund = OrderRefund(order_id=order.id, amount_cents=cents, currency=order.currency, method=METHODS[order.provider],
                         reason=reason, lines=lines or [], restocked=restock, by=by)  # fmt: skip
    chosen = lines or []
    if order.provider == "stripe":
        if not order.payment_intent:
            raise ValidationFailed.one("amount", "Stripe's payment for this order is not on record yet; try later.")
        count = len(session.exec(select(OrderRefund.id).where(OrderRefund.order_id == order.id)).all())
        refund.stripe_refund_id = payments.refund_card_payment(
            order.payment_intent, cents, order.currency,
            # The same refund asked for again (a retry, or after this transaction failed) is the same key.
            idempotency_key=f"refund:{order.external_id}:{count + 1}:{cents}",
            metadata={"order": order.external_id, "reason": reason[:200]},
        )  # fmt: skip
    if restock:
        _restock(session, order, chosen)
    _record(session, order, refund)
    return refund


def _restock(session: Session, order: OrderMeta, chosen: list[dict]) -> None:
    """Put the refunded lines' variants back in stock (all of the order's lines when none were chosen)."""
    rows = {row.id: row for row in session.exec(select(OrderLine).where(OrderLine.order_id == order.id))}
    back = chosen or [{"line_id": row_id, "quantity": row.quantity} for row_id, row in rows.items()]
    for item in back:
        row = rows.get(item["line_id"])
        if row is not None and row.variant_id:
            session.exec(
                update(ProductVariant)
                .where(col(ProductVariant.id) == row.variant_id)
                .values(stock=ProductVariant.stock + item["quantity"])
            )


def _record(session: Session, order: OrderMeta, refund: OrderRefund) -> None:
    """Add the refund to the order: its status, its timeline, and the customer's e-mail."""
    session.add(refund)
    order.refunded_cents += refund.amount_cents
    money = format_money(refund.amount_cents, order.currency)
    how = {"card": "to the card", "credit": "as a credit on the invoice", "stripe": "in Stripe"}[refund.method]
    note = f"Refunded {money} {how}." + (f" {refund.reason}" if refund.reason else "")
    target = S.REFUNDED if order.refunded_cents >= order.total_cents else S.PARTIALLY_REFUNDED
    if target == order.status:
        note_on_timeline(session, order, by=refund.by, note=note)
    else:
        move(session, order, target, by=refund.by, note=note)
    session.flush()
    publish(
        session,
        "order.refund_issued",
        {"order_id": order.id, "refund_id": refund.id, "reference": order.reference, "source": order.provider,
         "user_id": order.user_id,
         "email": order.email, "amount_cents": refund.amount_cents, "refunded_cents": order.refunded_cents,
         "total_cents": order.total_cents, "currency": order.currency, "method": refund.method,
         "reason": refund.reason, "in_full": order.status == S.REFUNDED},
    )  # fmt: skip


def record_stripe_refunds(session: Session, order: OrderMeta, amount_refunded: int, refund_id: str = "") -> str:
    """Stripe says ``amount_refunded`` of the order's payment has been refunded in all: record what goes beyond
    the refunds already on the order (a refund made in Stripe's dashboard), or nothing."""
    extra = min(amount_refunded, order.total_cents) - order.refunded_cents
    if extra <= 0:
        return f"no change: order {order.external_id} has {format_money(order.refunded_cents, order.currency)} " \
               "refunded already"  # fmt: skip
    if order.status not in REFUNDABLE:
        return f"no change: an order that is {order.status.value} can't be refunded"
    known = refund_id and session.exec(select(OrderRefund).where(OrderRefund.stripe_refund_id == refund_id)).first()
    refund = OrderRefund(order_id=order.id, amount_cents=extra, currency=order.currency, method="stripe",
                         stripe_refund_id=None if known else (refund_id or None), by="stripe")  # fmt: skip
    _record(session, order, refund)
    return f"order {order.external_id} {'refunded' if order.status == S.REFUNDED else 'partly refunded'}"
