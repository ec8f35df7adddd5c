"""What happens after an event: e-mails to customers (each at most once)."""

from __future__ import annotations

from html import escape
from typing import Any

from sqlmodel import Session

from allpetplus.events.bus import subscriber
from allpetplus.events.email import queue_email


@subscriber("order.created")
def order_confirmation(session: Session, payload: dict[str, Any]) -> None:
    """Confirm an order to its customer."""
    reference, total = payload["reference"], payload["total"]
    lines = "\n".join(f"- {line}" for line in payload.get("lines", []))
    queue_email(
        session,
        key=f"order.created:{reference}",
        to=payload["email"],
        subject=f"Your All Pet Plus order {reference}",
        text=f"Thank you for your order {reference}.\n\n{lines}\n\nTotal: {total}\n",
        html=f"<p>Thank you for your order <strong>{escape(reference)}</strong>.</p>"
        + "<ul>"
        + "".join(f"<li>{escape(line)}</li>" for line in payload.get("lines", []))
        + "</ul>"
        + f"<p>Total: {escape(total)}</p>",
    )


@subscriber("subscription.renewal_soon")
def box_reminder(session: Session, payload: dict[str, Any]) -> None:
    """Remind an owner that a box ships soon (once per box date)."""
    queue_email(
        session,
        key=f"box.reminder:{payload['subscription_id']}:{payload['ship_date']}",
        to=payload["email"],
        subject=f"{payload['plan']} for {payload['pet']} ships on {payload['ship_date']}",
        text=f"Your {payload['plan']} for {payload['pet']} ships on {payload['ship_date']}. "
        "Skip, move or add to it in your account before then.\n",
        html=f"<p>Your {escape(payload['plan'])} for {escape(payload['pet'])} ships on "
        f"<strong>{escape(payload['ship_date'])}</strong>. Skip, move or add to it before then.</p>",
    )
