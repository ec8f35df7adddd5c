"""E-mail: messages are stored first (deduplicated), then sent over SMTP when ``SMTP_URL`` is set;
without it they stay in the outbox for the admin mailbox."""

from __future__ import annotations

import functools
import smtplib
from email.message import EmailMessage as MimeMessage
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import jinja2
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from allpetplus.core.models import utcnow
from allpetplus.core.settings import settings
from allpetplus.events.models import EmailMessage, EmailStatus

SENDER = "All Pet Plus <hello@allpetplus.example>"
TEMPLATES = Path(__file__).parent / "templates"


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
    """Store a message once per ``key`` (``None`` if it already exists) and send it when SMTP is configured."""
    if session.exec(select(EmailMessage).where(EmailMessage.dedupe_key == key)).first():
        return None
    message = EmailMessage(dedupe_key=key, to=to, subject=subject, text=text, html=html)
    try:
        with session.begin_nested():
            session.add(message)
            session.flush()
    except IntegrityError:
        return None
    if settings.SMTP_URL:
        send(message)
        session.add(message)
    return message


def send(message: EmailMessage) -> None:
    """Send over ``SMTP_URL`` (``smtp://user:password@host:port``; ``smtps://`` for TLS)."""
    parts = urlsplit(settings.SMTP_URL)
    mime = MimeMessage()
    mime["From"], mime["To"], mime["Subject"] = SENDER, message.to, message.subject
    mime.set_content(message.text)
    mime.add_alternative(message.html, subtype="html")
    client_class = smtplib.SMTP_SSL if parts.scheme == "smtps" else smtplib.SMTP
    try:
        with client_class(parts.hostname or "localhost", parts.port or 25, timeout=10) as client:
            if parts.username:
                client.login(unquote(parts.username), unquote(parts.password or ""))
            client.send_message(mime)
        message.status, message.sent_at = EmailStatus.SENT, utcnow()
    except (OSError, smtplib.SMTPException) as exc:
        message.status, message.error = EmailStatus.FAILED, str(exc)[:300]
