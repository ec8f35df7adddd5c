"""The e-mail outbox (the event outbox is ``allpetplus.core.outbox``)."""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from allpetplus.core.models import created_at_field, enum_field


class EmailStatus(enum.StrEnum):
    """Where a message is: waiting to leave (first try or a retry), being sent, sent, or given up on."""

    STORED = "STORED"
    SENDING = "SENDING"
    SENT = "SENT"
    FAILED = "FAILED"


class EmailMessage(SQLModel, table=True):
    """An e-mail; ``dedupe_key`` makes sure the same message is never created (or sent) twice.

    ``next_attempt_at`` is when a sender may take it next (``None``: nothing to do: no SMTP, sent, or failed
    for good); while SENDING it is the end of the sender's lease. ``error`` is the last attempt's error.
    """

    __tablename__ = "email_message"

    id: int | None = Field(default=None, primary_key=True)
    dedupe_key: str = Field(max_length=160, unique=True)
    to: str = Field(max_length=254, index=True)
    subject: str = Field(max_length=200)
    text: str = Field(sa_type=sa.Text)
    html: str = Field(sa_type=sa.Text)
    status: EmailStatus = enum_field(EmailStatus, EmailStatus.STORED)
    error: str = Field(default="", max_length=300)
    attempts: int = Field(default=0)
    next_attempt_at: datetime | None = Field(default=None, sa_type=sa.DateTime(timezone=True), index=True)
    created_at: datetime = created_at_field()
    sent_at: datetime | None = Field(default=None, sa_type=sa.DateTime(timezone=True))
