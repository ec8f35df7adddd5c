"""E-mail: messages are stored first (deduplicated); with ``SMTP_URL`` set a job sends them once the
transaction that stored them has committed, retrying with backoff; without it they stay in the mailbox.

A send never happens inside a business transaction (a slow SMTP server must not hold one open), and a
message leaves at most once per claim: a sender first claims it (one conditional update, so a retry and
a resend, or two workers, never both get it), sends with no transaction open, then records the outcome.
Once SENT nothing sends it again. A sender that dies between the server's answer and that record leaves
the claim to expire; the message is then tried again, so it may arrive twice in that case only.
"""

from __future__ import annotations

import functools
import smtplib
from datetime import datetime, timedelta
from email.message import EmailMessage as MimeMessage
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import jinja2
from sqlalchemy import event as sa_event
from sqlalchemy import func, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from allpetplus.core.db import session_scope
from allpetplus.core.errors import NotFound, ValidationFailed
from allpetplus.core.logging import get_logger
from allpetplus.core.models import utcnow
from allpetplus.core.queue import enqueue_coalesced
from allpetplus.core.settings import settings
from allpetplus.events.models import EmailMessage, EmailStatus
from allpetplus.user.models import UserProfile
from allpetplus.user.permissions import require_admin

SENDER = "All Pet Plus <hello@allpetplus.example>"
TEMPLATES = Path(__file__).parent / "templates"
MAX_ATTEMPTS = 6
#: Seconds before the next try after the 1st, 2nd, … failed attempt (the last one gives up: FAILED).
BACKOFF_SECONDS = (30, 120, 600, 1800, 7200)
#: How long a claimed message may take to send before another sender may take it over.
CLAIM_SECONDS = 300
SMTP_TIMEOUT_SECONDS = 10
#: The coalescing key of the send job (``allpetplus.jobs.email``).
SEND_KEY = "email-send"
SEND_JOB = "allpetplus.jobs.email.send_emails_job"  # by name: that module imports this one
log = get_logger("allpetplus.email")


@functools.cache
def _environments() -> tuple[jinja2.Environment, jinja2.Environment]:
    loader = jinja2.FileSystemLoader(TEMPLATES)
    html = jinja2.Environment(loader=loader, autoescape=True, undefined=jinja2.StrictUndefined)
    text = jinja2.Environment(loader=loader, autoescape=False, undefined=jinja2.StrictUndefined)
    return text, html


def render(template: str, **context: Any) -> tuple[str, str]:
    """The text and HTML bodies of ``templates/<template>.txt|.html`` (HTML escaped, text not)."""
    text, html = _environments()
    return text.get_template(f"{template}.txt").render(context), html.get_template(f"{template}.html").render(context)


def queue_templated(session: Session, *, key: str, to: str, subject: str, template: str, **context: Any):
    """``queue_email`` with bodies rendered from ``template``."""
    text, html = render(template, **context)
    return queue_email(session, key=key, to=to, subject=subject, text=text, html=html)


def queue_email(session: Session, *, key: str, to: str, subject: str, text: str, html: str) -> EmailMessage | None:
    """Store a message once per ``key`` in the caller's transaction (``None`` if it already exists); with SMTP
    configured it is sent by a job after that transaction commits."""
    if session.exec(select(EmailMessage).where(EmailMessage.dedupe_key == key)).first():
        return None
    due = utcnow() if settings.SMTP_URL else None
    message = EmailMessage(dedupe_key=key, to=to, subject=subject, text=text, html=html, next_attempt_at=due)
    try:
        with session.begin_nested():
            session.add(message)
            session.flush()
    except IntegrityError:
        return None
    if due is not None:
        _send_after_commit(session)
    return message


def resend(session: Session, actor: UserProfile | None, message_id: int) -> EmailMessage:
    """Staff: send a message that FAILED again, with a fresh set of attempts, once the transaction commits.

    Only a FAILED message qualifies (checked in the update itself), so a message that is waiting for a
    retry, being sent or already SENT is never sent a second time by a resend.
    """
    require_admin(actor)
    valid_id = isinstance(message_id, int) and not isinstance(message_id, bool) and 0 < message_id < 2**63
    message = session.get(EmailMessage, message_id) if valid_id else None
    if message is None:
        raise NotFound("That e-mail")
    if not settings.SMTP_URL:
        raise ValidationFailed.one("smtp", "E-mail is not sent from here: SMTP_URL is not set.")
    restarted = session.execute(
        update(EmailMessage)
        .where(col(EmailMessage.id) == message_id, col(EmailMessage.status) == EmailStatus.FAILED)
        .values(status=EmailStatus.STORED, attempts=0, next_attempt_at=utcnow())
    ).rowcount
    if not restarted:
        raise ValidationFailed.one(
            "status", f"Only an e-mail that failed can be sent again; this one is {message.status}."
        )
    session.refresh(message)
    _send_after_commit(session)
    return message


def send_due(limit: int = 100) -> int:
    """Send every message whose attempt is due (the first or a retry); returns how many were sent."""
    if not settings.SMTP_URL:
        return 0
    with session_scope() as session:
        _give_up_interrupted(session)
    with session_scope(read_only=True) as session:
        due = session.exec(
            select(EmailMessage.id)
            .where(
                col(EmailMessage.status).in_([EmailStatus.STORED, EmailStatus.SENDING]),
                col(EmailMessage.next_attempt_at) <= utcnow(),
            )
            .order_by(col(EmailMessage.next_attempt_at))
            .limit(limit)
        ).all()
    return sum(1 for message_id in due if attempt(message_id))


def next_attempt(session: Session) -> datetime | None:
    """When the earliest waiting message is due (``None`` if none waits, or SMTP is not configured)."""
    if not settings.SMTP_URL:
        return None
    return session.exec(
        select(func.min(EmailMessage.next_attempt_at)).where(
            col(EmailMessage.status).in_([EmailStatus.STORED, EmailStatus.SENDING])
        )
    ).first()


def attempt(message_id: int) -> bool:
    """Claim one due message, send it, record the outcome; whether it was sent (``False`` also when another
    sender had it)."""
    with session_scope() as session:
        message = _claim(session, message_id)
    if message is None:
        return False
    try:
        _smtp_send(message)
    except (OSError, smtplib.SMTPException) as exc:
        _record_failure(message, exc)
        return False
    with session_scope() as session:  # whatever happened meanwhile: it left, so nothing sends it again
        session.execute(
            update(EmailMessage)
            .where(col(EmailMessage.id) == message.id)
            .values(status=EmailStatus.SENT, sent_at=utcnow(), next_attempt_at=None, error="")
        )
    return True


def _claim(session: Session, message_id: int) -> EmailMessage | None:
    """Take a due message for one attempt (its claim expires after ``CLAIM_SECONDS``), or ``None``."""
    now = utcnow()
    claimed = session.execute(
        update(EmailMessage)
        .where(
            col(EmailMessage.id) == message_id,
            col(EmailMessage.status).in_([EmailStatus.STORED, EmailStatus.SENDING]),
            col(EmailMessage.next_attempt_at) <= now,
        )
        .values(
            status=EmailStatus.SENDING,
            attempts=EmailMessage.attempts + 1,
            next_attempt_at=now + timedelta(seconds=CLAIM_SECONDS),
        )
    ).rowcount
    return session.get(EmailMessage, message_id, populate_existing=True) if claimed else None


def _give_up_interrupted(session: Session) -> None:
    """A message whose last attempt's sender stopped mid-way (its claim expired) is FAILED, not tried again."""
    session.execute(
        update(EmailMessage)
        .where(
            col(EmailMessage.status) == EmailStatus.SENDING,
            col(EmailMessage.next_attempt_at) <= utcnow(),
            col(EmailMessage.attempts) >= MAX_ATTEMPTS,
        )
        .values(status=EmailStatus.FAILED, next_attempt_at=None, error="The sender stopped during the last attempt.")
    )


def _record_failure(message: EmailMessage, exc: Exception) -> None:
    """Schedule the next attempt with backoff, or give up (FAILED, for staff to resend) after the last one
    or when the server refused for good (a 5xx answer)."""
    error = f"{type(exc).__name__}: {exc}"[:300]
    final = message.attempts >= MAX_ATTEMPTS or _permanent(exc)
    log.warning("e-mail not sent", message_id=message.id, attempt=message.attempts, final=final,
                error=type(exc).__name__, smtp_code=getattr(exc, "smtp_code", None))  # fmt: skip
    delay = BACKOFF_SECONDS[min(message.attempts, len(BACKOFF_SECONDS)) - 1]
    with session_scope() as session:
        session.execute(
            update(EmailMessage)
            .where(col(EmailMessage.id) == message.id, col(EmailMessage.attempts) == message.attempts)
            .values(
                status=EmailStatus.FAILED if final else EmailStatus.STORED,
                next_attempt_at=None if final else utcnow() + timedelta(seconds=delay),
                error=error,
            )
        )


def _permanent(exc: Exception) -> bool:
    """Whether the SMTP server refused for good (5xx) rather than for now (4xx, network trouble)."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in exc.recipients.values())
    return isinstance(exc, smtplib.SMTPResponseException) and exc.smtp_code >= 500


def _smtp_send(message: EmailMessage) -> None:
    """Send over ``SMTP_URL`` (``smtp://user:password@host:port``; ``smtps://`` for TLS); raises when it fails."""
    parts = urlsplit(settings.SMTP_URL)
    mime = MimeMessage()
    mime["From"], mime["To"], mime["Subject"] = SENDER, message.to, message.subject
    mime.set_content(message.text)
    mime.add_alternative(message.html, subtype="html")
    client_class = smtplib.SMTP_SSL if parts.scheme == "smtps" else smtplib.SMTP
    with client_class(parts.hostname or "localhost", parts.port or 25, timeout=SMTP_TIMEOUT_SECONDS) as client:
        if parts.username:
            client.login(unquote(parts.username), unquote(parts.password or ""))
        client.send_message(mime)


def _send_after_commit(session: Session) -> None:
    """Request the send job once the caller's transaction commits (once per transaction)."""
    if not session.info.get("allpetplus_email_hook"):
        session.info["allpetplus_email_hook"] = True
        sa_event.listen(session, "after_commit", _request_send, once=True)


def _request_send(session: Session) -> None:
    session.info.pop("allpetplus_email_hook", None)
    try:
        enqueue_coalesced(SEND_JOB, key=SEND_KEY)
    except Exception as exc:  # noqa: BLE001 - the scheduler sends it within a minute; never fail the committed change
        log.warning("e-mail send deferred", error=str(exc))
