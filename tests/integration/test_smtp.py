"""With SMTP_URL set, e-mails really leave over SMTP (a local aiosmtpd server receives them)."""

import pytest
from aiosmtpd.controller import Controller
from sqlmodel import select

from allpetplus.core.settings import settings
from allpetplus.events.email import queue_email
from allpetplus.events.models import EmailMessage
from allpetplus.stack import free_port


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's naming
        self.messages.append(envelope)
        return "250 OK"


@pytest.fixture
def smtp_server(monkeypatch):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    monkeypatch.setattr(settings, "SMTP_URL", f"smtp://127.0.0.1:{controller.port}")
    yield inbox
    controller.stop()


def test_an_email_is_sent_once_over_smtp(smtp_server, session):
    first = queue_email(
        session, key="k1", to="dana@example.com", subject="Hello", text="Hi Dana", html="<p>Hi Dana</p>"
    )
    again = queue_email(session, key="k1", to="dana@example.com", subject="Hello", text="Hi Dana", html="<p>Hi</p>")
    session.commit()
    assert again is None
    [envelope] = smtp_server.messages
    assert envelope.rcpt_tos == ["dana@example.com"] and b"Subject: Hello" in envelope.content
    stored = session.exec(select(EmailMessage)).one()
    assert stored.id == first.id and stored.status.value == "SENT"
