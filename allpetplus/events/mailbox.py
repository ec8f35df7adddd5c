"""The mailbox: stored e-mails, for staff and developers (the only copy when SMTP is not set)."""

from __future__ import annotations

from pydantic import BaseModel
from sqlmodel import Session, col, select

from allpetplus.events.models import EmailMessage
from allpetplus.user.models import UserProfile
from allpetplus.user.permissions import require_admin


class MailView(BaseModel):
    """A stored e-mail."""

    id: int
    recipient: str
    subject: str
    text: str
    status: str
    created_at: str


def list_messages(session: Session, actor: UserProfile | None, limit: int = 100) -> list[MailView]:
    """The newest e-mails first."""
    require_admin(actor)
    rows = session.exec(select(EmailMessage).order_by(col(EmailMessage.id).desc()).limit(limit))
    return [
        MailView(id=m.id, recipient=m.to, subject=m.subject, text=m.text, status=m.status.value,
                 created_at=m.created_at.isoformat(timespec="seconds"))
        for m in rows
    ]  # fmt: skip
