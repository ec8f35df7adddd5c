"""With SMTP_URL set, e-mails really leave over SMTP (a local aiosmtpd server receives them): after the
transaction that stored them commits, from a job; retried with backoff when the server refuses; given up
after the last attempt for staff to resend; and never sent twice."""

import asyncio
import threading
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from sqlmodel import select

from allpetplus.core import clock
from allpetplus.core.db import session_scope
from allpetplus.core.errors import NotFound, PermissionDenied, ValidationFailed
from allpetplus.core.settings import settings
from allpetplus.events import email, mailbox
from allpetplus.events.models import EmailMessage
from allpetplus.order.models import OrderMeta
from allpetplus.stack import free_port
from allpetplus.user.models import Role, UserProfile
from tests.support.servers import _wait

STAFF = UserProfile(id=1, email="staff@example.com", role=Role.ADMIN)
USER = UserProfile(id=2, email="user@example.com")


class Inbox:
    """An SMTP server's mailbox that can refuse the next messages or hold them until released."""

    def __init__(self):
        self.messages = []
        self.refusals: list[str] = []  # answers to the next DATA commands, then "250 OK"
        self.arrived = threading.Event()  # a DATA command reached the server
        self.release = threading.Event()  # the server answers DATA only once this is set
        self.release.set()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's naming
        self.arrived.set()
        await asyncio.get_running_loop().run_in_executor(None, self.release.wait)
        if self.refusals:
            return self.refusals.pop(0)
        self.messages.append(envelope)
        return "250 OK"


@pytest.fixture
def smtp_server(monkeypatch):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    monkeypatch.setattr(settings, "SMTP_URL", f"smtp://127.0.0.1:{controller.port}")
    yield inbox
    inbox.release.set()
    controller.stop()


def queue(key: str = "k1", to: str = "dana@example.com") -> int:
    """Store a message in its own committed transaction; its id."""
    with session_scope() as session:
        return email.queue_email(session, key=key, to=to, subject="Hello", text="Hi Dana", html="<p>Hi Dana</p>").id


def stored(message_id: int) -> EmailMessage:
    with session_scope(read_only=True) as session:
        return session.get(EmailMessage, message_id)


def test_a_message_leaves_once_after_its_transaction_commits(smtp_server, engine):
    with session_scope() as session:
        first = email.queue_email(session, key="k1", to="dana@example.com", subject="Hello", text="Hi Dana",
                                  html="<p>Hi Dana</p>")  # fmt: skip
        again = email.queue_email(session, key="k1", to="dana@example.com", subject="Hello", text="Hi", html="<p>Hi")
        assert again is None
        assert smtp_server.messages == []  # nothing leaves inside the business transaction
    with pytest.raises(RuntimeError), session_scope() as session:
        email.queue_email(session, key="k2", to="lee@example.com", subject="Rolled back", text="x", html="<p>x</p>")
        raise RuntimeError("the change that wanted this e-mail did not happen")

    assert email.send_due() == 1
    assert email.send_due() == 0
    [envelope] = smtp_server.messages
    assert envelope.rcpt_tos == ["dana@example.com"] and b"Subject: Hello" in envelope.content
    message = stored(first.id)
    assert (message.status.value, message.attempts, message.next_attempt_at) == ("SENT", 1, None)


def test_a_refused_message_is_retried_with_backoff_and_arrives_once(smtp_server, engine):
    smtp_server.refusals = ["451 4.3.0 Try again later", "421 4.7.0 Too busy"]
    message_id = queue()
    start = clock.now().replace(tzinfo=None)  # SQLite gives times back as naive UTC

    assert email.send_due() == 0
    first = stored(message_id)
    assert (first.status.value, first.attempts) == ("STORED", 1) and "451" in first.error
    assert first.next_attempt_at - start >= timedelta(seconds=email.BACKOFF_SECONDS[0])
    assert email.send_due() == 0 and stored(message_id).attempts == 1  # not due again yet

    with clock.travel_to(first.next_attempt_at):
        assert email.send_due() == 0
    second = stored(message_id)
    assert second.attempts == 2 and "421" in second.error
    assert second.next_attempt_at - first.next_attempt_at >= timedelta(seconds=email.BACKOFF_SECONDS[1])

    with clock.travel_to(second.next_attempt_at):
        assert email.send_due() == 1
    with clock.travel_to(second.next_attempt_at + timedelta(days=1)):
        assert email.send_due() == 0
    assert len(smtp_server.messages) == 1
    sent = stored(message_id)
    assert (sent.status.value, sent.attempts, sent.error) == ("SENT", 3, "")


def test_after_the_last_attempt_it_stays_failed_and_only_staff_can_resend_it_once(smtp_server, engine):
    smtp_server.refusals = ["451 4.3.0 Try again later"] * email.MAX_ATTEMPTS
    message_id = queue()
    for _ in range(email.MAX_ATTEMPTS):
        due = stored(message_id).next_attempt_at
        with clock.travel_to(due):
            assert email.send_due() == 0
    failed = stored(message_id)
    assert (failed.status.value, failed.attempts, failed.next_attempt_at) == ("FAILED", email.MAX_ATTEMPTS, None)
    with clock.travel_to(clock.now() + timedelta(days=30)):
        assert email.send_due() == 0  # never retried on its own again

    with session_scope(read_only=True) as session:
        [view] = mailbox.list_messages(session, STAFF)
    assert view.can_resend and view.status == "Failed" and "451" in view.error and view.attempts == email.MAX_ATTEMPTS

    with pytest.raises(PermissionDenied), session_scope() as session:
        email.resend(session, USER, message_id)
    for bad in ("1", None, True, 10**30, -1):
        with pytest.raises(NotFound, match="That e-mail"), session_scope() as session:
            email.resend(session, STAFF, bad)
    with session_scope() as session:
        email.resend(session, STAFF, message_id)
    assert email.send_due() == 1
    with pytest.raises(ValidationFailed, match="this one is SENT"), session_scope() as session:
        email.resend(session, STAFF, message_id)
    assert email.send_due() == 0
    assert len(smtp_server.messages) == 1


def test_a_permanent_refusal_fails_at_once(smtp_server, engine):
    smtp_server.refusals = ["550 5.1.1 No such mailbox"]
    message_id = queue(to="nobody@example.com")
    assert email.send_due() == 0
    failed = stored(message_id)
    assert (failed.status.value, failed.attempts) == ("FAILED", 1) and "550" in failed.error


def test_a_slow_server_holds_no_transaction_and_racing_senders_send_once(smtp_server, engine):
    message_id = queue()
    smtp_server.release.clear()
    sender = threading.Thread(target=email.attempt, args=(message_id,))
    sender.start()
    try:
        assert smtp_server.arrived.wait(10), "the message never reached the server"
        # The server is still answering: the shop writes on (no transaction waits for SMTP) …
        with session_scope() as session:
            session.add(OrderMeta(provider="local", external_id="APP-SLOW-1", total_cents=100))
        # … a second sender (a retry, another worker) does not get the message, nor does a resend.
        assert email.attempt(message_id) is False
        with pytest.raises(ValidationFailed, match="this one is SENDING"), session_scope() as session:
            email.resend(session, STAFF, message_id)
    finally:
        smtp_server.release.set()
        sender.join(timeout=30)
    assert len(smtp_server.messages) == 1 and stored(message_id).status.value == "SENT"
    with session_scope(read_only=True) as session:
        assert session.exec(select(OrderMeta).where(OrderMeta.external_id == "APP-SLOW-1")).one()


def test_a_message_whose_sender_stopped_is_tried_again_when_its_claim_expires(smtp_server, engine):
    message_id = queue()
    with session_scope() as session:  # a sender claimed it, then its process died before sending
        claimed = email._claim(session, message_id)
    assert email.send_due() == 0 and smtp_server.messages == []  # the claim still stands
    with clock.travel_to(claimed.next_attempt_at):
        assert email.send_due() == 1
    assert len(smtp_server.messages) == 1 and stored(message_id).attempts == 2


def test_the_worker_sends_it_once_the_transaction_commits(smtp_server, engine, start_worker):
    start_worker(DATABASE_URL=str(engine.url), SMTP_URL=settings.SMTP_URL)
    message_id = queue()
    # Sent at once; a first attempt refused by a busy machine is retried after the first backoff.
    try:
        _wait(lambda: stored(message_id).status.value == "SENT", 30 + email.BACKOFF_SECONDS[0], "the e-mail sent")
    except RuntimeError:
        message = stored(message_id)
        pytest.fail(f"not sent: {message.status} after {message.attempts} attempts ({message.error or 'no error'}), "
                    f"{len(smtp_server.messages)} arrived")  # fmt: skip
    assert len(smtp_server.messages) == 1
