"""Staff review of submitted applications: the queue, recording an invoice paid, approving (only once the fee is
paid) and rejecting (the fee refunded if paid, cancelled if still owed)."""

from __future__ import annotations

from sqlmodel import Session, col, select

from allpetplus.core import clock
from allpetplus.core.errors import NotFound, ValidationFailed
from allpetplus.core.models import timeline_entry
from allpetplus.core.money import format_money
from allpetplus.core.outbox import publish
from allpetplus.licence.applications import term_dates
from allpetplus.licence.models import Licence, LicenceStatus
from allpetplus.licence.tags import issue_tag
from allpetplus.licence.views import LicenceView, event_payload, fee_settled, fee_to_record, long_date, view
from allpetplus.order.models import OrderMeta
from allpetplus.order.refunds import settle_cancelled_fee
from allpetplus.order.service import staff_move
from allpetplus.user.models import UserProfile
from allpetplus.user.permissions import require_admin

S = LicenceStatus


def review_queue(session: Session, actor: UserProfile | None) -> list[LicenceView]:
    """Submitted applications, oldest first (staff only)."""
    require_admin(actor)
    rows = session.exec(select(Licence).where(Licence.status == S.SUBMITTED).order_by(col(Licence.submitted_at)))
    return [view(session, row, actor) for row in rows]


def mark_fee_paid(session: Session, actor: UserProfile | None, licence_id: int) -> Licence:
    """Staff record that a submitted application's invoice has been paid (its fee order becomes paid)."""
    actor = require_admin(actor)
    licence = session.get(Licence, licence_id)
    if licence is None:
        raise NotFound("That application")
    if not fee_to_record(session, licence):
        raise ValidationFailed.one("payment", "This application has no invoice waiting for payment (a card fee is "
                                   "confirmed by Stripe).")  # fmt: skip
    staff_move(session, actor, licence.order_id, "PAID", note="Licence fee paid on invoice.")
    return licence


def approve(session: Session, actor: UserProfile | None, licence_id: int) -> Licence:
    """Approve a submitted application: a new tag number, the term's dates, and an e-mail to the owner."""
    actor = require_admin(actor)
    today = clock.today()
    licence = session.get(Licence, licence_id, with_for_update=True)
    if licence is None:
        raise NotFound("That application")
    if licence.status != S.SUBMITTED:
        raise ValidationFailed.one(
            "status", f"Only submitted applications can be approved (this one is {licence.status.value.lower()})."
        )
    if not fee_settled(session, licence):
        raise ValidationFailed.one("payment", "The fee has not been paid yet: approve once it is.")
    licence.starts_on, licence.expires_on = term_dates(session, licence, today)
    number = issue_tag(session, licence, today)
    licence.status = S.ACTIVE if licence.starts_on <= today else S.APPROVED
    licence.timeline = [
        *licence.timeline,
        timeline_entry(S.APPROVED, f"staff:{actor.email}", f"Tag {number} issued."),
        *([timeline_entry(S.ACTIVE, "system", "Licence active.")] if licence.status == S.ACTIVE else []),
    ]
    session.add(licence)
    session.flush()
    publish(
        session,
        "licence.approved",
        {
            **event_payload(licence),
            "tag_number": number,
            "starts_on": long_date(licence.starts_on),
            "expires_on": long_date(licence.expires_on),
        },
    )
    return licence


def reject(session: Session, actor: UserProfile | None, licence_id: int, reason: str) -> Licence:
    """Reject a submitted application with a reason the owner is told."""
    actor = require_admin(actor)
    reason = reason.strip()
    if not 5 <= len(reason) <= 500:
        raise ValidationFailed.one("reason", "Tell the applicant why, in 5 to 500 characters.")
    licence = session.get(Licence, licence_id, with_for_update=True)
    if licence is None:
        raise NotFound("That application")
    if licence.status != S.SUBMITTED:
        raise ValidationFailed.one("status", "Only submitted applications can be rejected.")
    licence.status, licence.rejection_reason = S.REJECTED, reason
    licence.timeline = [*licence.timeline, timeline_entry(S.REJECTED, f"staff:{actor.email}", reason)]
    session.add(licence)
    session.flush()
    # The fee is not earned: given back if it was paid, no longer owed if it was not.
    order = session.get(OrderMeta, licence.order_id, with_for_update=True) if licence.order_id else None
    fee = ""
    if order is not None:
        fee = settle_cancelled_fee(session, order, by=f"staff:{actor.email}",
                                   reason="The licence application was not approved.")  # fmt: skip
    amount = format_money(order.total_cents, order.currency) if order else ""
    publish(session, "licence.rejected", {**event_payload(licence), "reason": reason, "fee": fee, "fee_amount": amount})
    return licence
