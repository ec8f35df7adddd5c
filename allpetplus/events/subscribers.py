"""What happens after an event: e-mails to customers (each at most once, from ``templates/``), and the
effects one domain has on another (a pet that has died or been rehomed pauses its boxes)."""

from __future__ import annotations

from sqlmodel import Session, select

from allpetplus.application import pictures
from allpetplus.core.money import format_money
from allpetplus.core.outbox import OutboxEvent
from allpetplus.core.queue import enqueue
from allpetplus.core.settings import settings
from allpetplus.events.bus import subscriber
from allpetplus.events.email import queue_templated
from allpetplus.order.models import OrderLine, OrderMeta
from allpetplus.order.payment_state import payment_due
from allpetplus.pet.models import PetProfile
from allpetplus.shopify import customers
from allpetplus.subscription.models import SubscriptionRenewal
from allpetplus.subscription.service import pause_for_pet
from allpetplus.user import verification
from allpetplus.user.models import UserProfile


@subscriber("order.created")
def awaiting_payment(session: Session, event: OutboxEvent) -> None:
    """An order to pay on invoice: what is owed, by when, and how to pay. (A card order says nothing yet:
    it is confirmed once Stripe's signed webhook says it is paid.)"""
    p = event.payload
    if not p.get("email") or p.get("source") != "invoice":
        return
    order = session.get(OrderMeta, p["order_id"])
    due = payment_due(order)
    queue_templated(
        session,
        key=f"order.awaiting_payment:{p['reference']}",
        to=p["email"],
        subject=f"Your All Pet Plus order {p['reference']}: {p['total']} to pay",
        template="order_awaiting_payment",
        reference=p["reference"],
        lines=p.get("lines", []),
        total=p["total"],
        due_on=f"{due.day} {due:%B %Y}",
        fee_only=p.get("fee_only", False),
    )


def _ours_to_tell(payload: dict) -> bool:
    """Whether this platform e-mails the order's customer: always for its own orders; for a Shopify order only
    when the shop chose so (``SHOPIFY_ORDER_EMAILS``), else Shopify sends its own."""
    return bool(payload.get("email")) and (payload.get("source") != "shopify" or settings.SHOPIFY_ORDER_EMAILS)


@subscriber("order.paid")
def order_confirmation(session: Session, event: OutboxEvent) -> None:
    """Thank the customer once their payment is in (card or invoice)."""
    p = event.payload
    if not _ours_to_tell(p):
        return
    lines = session.exec(select(OrderLine).where(OrderLine.order_id == p["order_id"]).order_by(OrderLine.id)).all()
    charged = select(SubscriptionRenewal).where(SubscriptionRenewal.order_id == p["order_id"],
                                                 SubscriptionRenewal.payment == "paid")  # fmt: skip
    if session.exec(charged).first() is not None:
        return  # a box renewal charged to the saved card: its receipt says so (``renewal_receipt``)
    queue_templated(
        session,
        key=f"order.paid:{p['reference']}",
        to=p["email"],
        subject=f"Your All Pet Plus order {p['reference']} is confirmed",
        template="order_confirmation",
        reference=p["reference"],
        lines=[_line(session, line) for line in lines],
        total=format_money(p["total_cents"], p["currency"]),
        fee_only=all(line.kind == "fee" for line in lines),
    )


def _line(session: Session, line: OrderLine) -> dict[str, str]:
    """A bought line for an e-mail: its words and, when it has one, its picture's absolute address."""
    picture = pictures.order_line_picture(session, line, render=True)
    image = picture.email_src if picture else ""
    return {"text": f"{line.quantity} × {line.title}", "image": image, "alt": picture.alt if picture else ""}


@subscriber("order.shipped")
def shipping_notice(session: Session, event: OutboxEvent) -> None:
    """Tell the customer their order is on its way, with the tracking link."""
    p = event.payload
    if not _ours_to_tell(p):
        return
    queue_templated(
        session,
        key=f"order.shipped:{p['reference']}",
        to=p["email"],
        subject=f"Your All Pet Plus order {p['reference']} has shipped",
        template="order_shipped",
        reference=p["reference"],
        carrier=p.get("carrier_name", ""),
        tracking_number=p.get("tracking_number", ""),
        tracking_url=p.get("tracking_url", ""),
    )


@subscriber("order.shipped")
def shopify_fulfilment(session: Session, event: OutboxEvent) -> None:
    """A Shopify order staff shipped here: its fulfilment goes to Shopify (not one Shopify itself reported)."""
    p = event.payload
    if p.get("source") == "shopify" and p.get("by") != "shopify":
        enqueue("allpetplus.jobs.shopify.push_shopify_fulfilment", p["order_id"])


@subscriber("order.refund_issued")
def refund_notice(session: Session, event: OutboxEvent) -> None:
    """Tell the customer what was refunded, why, how it comes back to them, and what is left (once per refund)."""
    p = event.payload
    if not _ours_to_tell(p):
        return
    money = lambda cents: format_money(cents, p["currency"])  # noqa: E731
    queue_templated(
        session,
        key=f"order.refund:{p['refund_id']}",
        to=p["email"],
        subject=f"Your All Pet Plus order {p['reference']}: {money(p['amount_cents'])} refunded",
        template="order_refunded",
        reference=p["reference"],
        amount=money(p["amount_cents"]),
        reason=p.get("reason", ""),
        method=p["method"],
        in_full=p["in_full"],
        refunded=money(p["refunded_cents"]),
        total=money(p["total_cents"]),
    )


@subscriber("subscription.renewal_soon")
def box_reminder(session: Session, event: OutboxEvent) -> None:
    """Remind an owner that a box ships soon (once per box date)."""
    p = event.payload
    queue_templated(
        session,
        key=f"box.reminder:{p['subscription_id']}:{p['ship_date']}",
        to=p["email"],
        subject=f"{p['plan']} for {p['pet']} ships on {p['ship_date']}",
        template="box_reminder",
        plan=p["plan"],
        pet=p["pet"],
        ship_date=p["ship_date"],
    )


def _box_mail(session: Session, event: OutboxEvent, kind: str, subject: str, **extra: object) -> None:
    """One e-mail about a box renewal's card payment (once per renewal, kind and attempt)."""
    p = event.payload
    queue_templated(session, key=f"box.{kind}:{p['subscription_id']}:{p['reference']}:{p.get('attempt', '')}",
                    to=p["email"], subject=subject, template=f"box_{kind}",
                    **{k: p.get(k, "") for k in ("plan", "pet", "ship_date", "reference", "total", "card", "reason")},
                    **extra)  # fmt: skip


@subscriber("subscription.renewal_paid")
def renewal_receipt(session: Session, event: OutboxEvent) -> None:
    """The receipt for a box paid with the saved card."""
    p = event.payload
    _box_mail(session, event, "renewal_receipt", f"Receipt: {p['plan']} for {p['pet']}, {p['total']} paid")


@subscriber("subscription.payment_action_needed")
def payment_action_needed(session: Session, event: OutboxEvent) -> None:
    """The bank wants the owner to confirm a box payment: a link to pay it themselves."""
    p = event.payload
    _box_mail(session, event, "payment_action", f"Please confirm the payment for {p['pet']}'s box",
              pay_url=p["pay_url"])  # fmt: skip


@subscriber("subscription.payment_failed")
def payment_failed(session: Session, event: OutboxEvent) -> None:
    """A declined box payment: when it is tried again, and where to change the card."""
    p = event.payload
    _box_mail(session, event, "payment_failed", f"The payment for {p['pet']}'s box did not go through",
              attempt=p["attempt"], retry_on=p["retry_on"], card_url=p["card_url"])  # fmt: skip


@subscriber("subscription.paused_for_payment")
def box_paused(session: Session, event: OutboxEvent) -> None:
    """The last try failed: the box is paused until the owner resumes it with a working card."""
    p = event.payload
    _box_mail(session, event, "paused", f"{p['pet']}'s box is paused: the card payment failed",
              paused_reason=p["paused_reason"], card_url=p["card_url"])  # fmt: skip


@subscriber("licence.approved")
def licence_approved(session: Session, event: OutboxEvent) -> None:
    """Send the owner their tag number."""
    p = event.payload
    queue_templated(session, key=f"licence.approved:{p['licence_id']}", to=p["email"],
                    subject=f"{p['pet']}'s licence is approved: tag {p['tag_number']}", template="licence_approved",
                    jurisdiction=p["jurisdiction"], pet=p["pet"], tag_number=p["tag_number"],
                    starts_on=p["starts_on"], expires_on=p["expires_on"])  # fmt: skip


@subscriber("licence.rejected")
def licence_rejected(session: Session, event: OutboxEvent) -> None:
    """Tell the owner why an application was not approved."""
    p = event.payload
    queue_templated(session, key=f"licence.rejected:{p['licence_id']}", to=p["email"],
                    subject=f"{p['pet']}'s licence application was not approved", template="licence_rejected",
                    jurisdiction=p["jurisdiction"], pet=p["pet"], reason=p["reason"], fee=p.get("fee", ""),
                    fee_amount=p.get("fee_amount", ""))  # fmt: skip


@subscriber("licence.expiring")
def licence_reminder(session: Session, event: OutboxEvent) -> None:
    """Remind the owner to renew (once per reminder: 30 and 7 days before expiry)."""
    p = event.payload
    queue_templated(session, key=f"licence.expiring:{p['licence_id']}:{p['reminder']}", to=p["email"],
                    subject=f"{p['pet']}'s licence expires in {p['days_left']} days", template="licence_expiring",
                    jurisdiction=p["jurisdiction"], pet=p["pet"], tag_number=p["tag_number"],
                    expires_on=p["expires_on"], days_left=p["days_left"])  # fmt: skip


@subscriber("user.sign_up_existing")
def sign_up_with_existing_address(session: Session, event: OutboxEvent) -> None:
    """Tell an account's owner that someone tried to sign up with their address (at most once a day)."""
    p = event.payload
    queue_templated(session, key=f"user.sign_up_existing:{p['user_id']}:{p['on']}", to=p["email"],
                    subject="Someone tried to create an All Pet Plus account with your e-mail address",
                    template="sign_up_existing", sign_in_url=f"{settings.MAIN_URL}/sign-in")  # fmt: skip


@subscriber("user.verify_email")
def verify_email(session: Session, event: OutboxEvent) -> None:
    """Send the link that confirms an account's address (not once the address changed or was confirmed)."""
    user = session.get(UserProfile, event.payload["user_id"])
    if user is None or user.email != event.payload["email"] or user.email_verified_at is not None:
        return
    queue_templated(session, key=f"user.verify_email:{event.id}", to=user.email,
                    subject="Please confirm your e-mail address", template="verify_email", email=user.email,
                    link=verification.link(user), days=verification.LINK_LIFETIME.days)  # fmt: skip


@subscriber("user.email_verified")
def claim_shopify_orders(session: Session, event: OutboxEvent) -> None:
    """An address just proven: the Shopify orders placed with it become the account's (its dashboard)."""
    user = session.get(UserProfile, event.payload["user_id"])
    if user is not None and user.email == event.payload["email"]:
        customers.claim_orders(session, user)


@subscriber("pet.deceased")
@subscriber("pet.rehomed")
def pause_boxes_for_pet(session: Session, event: OutboxEvent) -> None:
    """A pet marked deceased or rehomed: its active subscription boxes are paused, saying why."""
    pet = session.get(PetProfile, event.payload["pet_id"])
    if pet is not None:
        pause_for_pet(session, pet)
