"""What happens after an event: e-mails to customers (each at most once, from ``templates/``)."""

from __future__ import annotations

from sqlmodel import Session

from allpetplus.core.settings import settings
from allpetplus.events.bus import subscriber
from allpetplus.events.email import queue_templated
from allpetplus.events.models import OutboxEvent


@subscriber("order.created")
def order_confirmation(session: Session, event: OutboxEvent) -> None:
    """Confirm an order to its customer."""
    p = event.payload
    if not p.get("email"):
        return
    queue_templated(
        session,
        key=f"order.created:{p['reference']}",
        to=p["email"],
        subject=f"Your All Pet Plus order {p['reference']}",
        template="order_confirmation",
        reference=p["reference"],
        lines=p.get("lines", []),
        total=p["total"],
    )


@subscriber("order.shipped")
def shipping_notice(session: Session, event: OutboxEvent) -> None:
    """Tell the customer their order is on its way, with the tracking link."""
    p = event.payload
    if not p.get("email"):
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
                    jurisdiction=p["jurisdiction"], pet=p["pet"], reason=p["reason"])  # fmt: skip


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
