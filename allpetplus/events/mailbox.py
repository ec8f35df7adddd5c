"""The mailbox: stored e-mails, for staff and developers (the only copy when SMTP is not set)."""

from __future__ import annotations

from pydantic import BaseModel
from sqlmodel import Session, col, select

from allpetplus.core.errors import NotFound
from allpetplus.core.inputs import record_id
from allpetplus.core.words import iso, status_word
from allpetplus.events.models import EmailMessage, EmailStatus
from allpetplus.user.models import UserProfile
from allpetplus.user.permissions import require_admin

#: How each sending status reads in the mailbox.
_STATUS_WORDS = {
    EmailStatus.STORED: "Stored",
    EmailStatus.SENDING: "Sending",
    EmailStatus.SENT: "Sent",
    EmailStatus.FAILED: "Failed",
}


class MailView(BaseModel):
    """A stored e-mail, with how its sending went."""

    id: int
    recipient: str
    subject: str
    status: str
    attempts: int
    error: str
    next_attempt: str
    can_resend: bool
    created_at: str


class MailMessage(MailView):
    """One stored e-mail opened: its text and its HTML (to be shown in a sandboxed frame, never inline)."""

    text: str
    html: str
    sent_at: str


def _view_fields(m: EmailMessage) -> dict:
    return {
        "id": m.id,
        "recipient": m.to,
        "subject": m.subject,
        "status": _STATUS_WORDS.get(m.status, status_word(m.status)),
        "attempts": m.attempts,
        "error": m.error,
        "next_attempt": iso(m.next_attempt_at),
        "can_resend": m.status == EmailStatus.FAILED,
        "created_at": iso(m.created_at),
    }


def list_messages(session: Session, actor: UserProfile | None, limit: int = 100) -> list[MailView]:
    """The newest e-mails first (without their bodies: a message is opened one at a time)."""
    require_admin(actor)
    rows = session.exec(select(EmailMessage).order_by(col(EmailMessage.id).desc()).limit(limit))
    return [MailView(**_view_fields(m)) for m in rows]


def open_message(session: Session, actor: UserProfile | None, message_id: int) -> MailMessage:
    """Staff only: one stored e-mail with its text and HTML."""
    require_admin(actor)
    valid_id = record_id(message_id)
    message = session.get(EmailMessage, valid_id) if valid_id else None
    if message is None:
        raise NotFound("That e-mail")
    return MailMessage(**_view_fields(message), text=message.text, html=message.html, sent_at=iso(message.sent_at))
