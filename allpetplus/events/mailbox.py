"""The mailbox: stored e-mails, for staff and developers (the only copy when SMTP is not set)."""

from __future__ import annotations

from pydantic import BaseModel
from sqlmodel import Session, col, select

from allpetplus.events.models import EmailMessage, EmailStatus
from allpetplus.user.models import UserProfile
from allpetplus.user.permissions import require_admin


class MailView(BaseModel):
    """A stored e-mail, with how its sending went."""

    id: int
    recipient: str
    subject: str
    text: str
    status: str
    attempts: int
    error: str
    next_attempt: str
    can_resend: bool
    created_at: str


def list_messages(session: Session, actor: UserProfile | None, limit: int = 100) -> list[MailView]:
    """The newest e-mails first."""
    require_admin(actor)
    rows = session.exec(select(EmailMessage).order_by(col(EmailMessage.id).desc()).limit(limit))
    return [
        MailView(id=m.id, recipient=m.to, subject=m.subject, text=m.text, status=m.status.value,
                 attempts=m.attempts, error=m.error,
                 next_attempt=m.next_attempt_at.isoformat(timespec="seconds") if m.next_attempt_at else "",
                 can_resend=m.status == EmailStatus.FAILED, created_at=m.created_at.isoformat(timespec="seconds"))
        for m in rows
    ]  # fmt: skip
