"""Structured logging: JSON lines (or readable console lines) with the request id bound per request."""

from __future__ import annotations

import itertools
import logging
import os
import re
import secrets
import sys

import structlog

from allpetplus.core.settings import settings

_configured = False
#: Keys whose values never reach a log line, whatever code logs them.
SECRET_KEYS = frozenset({"password", "token", "secret", "authorization", "cookie", "signature", "api_key", "dsn"})
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")


def redact(_logger: object, _method: str, event: dict) -> dict:
    """Drop secret values and mask e-mail addresses anywhere in a log record (personal data stays out)."""
    for key, value in list(event.items()):
        if any(secret in key.lower() for secret in SECRET_KEYS):
            event[key] = "[redacted]"
        elif isinstance(value, str) and "@" in value:
            event[key] = _EMAIL.sub("[email]", value)
    return event


def configure_logging(level: str | None = None, fmt: str | None = None) -> None:
    """Route stdlib and structlog records through one JSON (or console) renderer."""
    global _configured
    level = (level or settings.LOG_LEVEL).upper()
    fmt = fmt or settings.LOG_FORMAT
    shared = [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        redact,
    ]
    renderer = structlog.processors.JSONRenderer() if fmt == "json" else structlog.dev.ConsoleRenderer()
    structlog.configure(
        # Records below the level are dropped before any work is done on them.
        processors=[structlog.stdlib.filter_by_level, *shared, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(
        structlog.stdlib.ProcessorFormatter(
            foreign_pre_chain=shared,
            processors=[
                structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                structlog.processors.format_exc_info,
                renderer,
            ],
        )
    )
    root = logging.getLogger()
    root.handlers = [handler]
    root.setLevel(level)
    _configured = True


def get_logger(name: str) -> structlog.stdlib.BoundLogger:
    """A structured logger; configures logging on first use."""
    if not _configured:
        configure_logging()
    return structlog.get_logger(name)


def current_request_id() -> str:
    """The request id bound to this context ('' outside a request, event or job)."""
    return str(structlog.contextvars.get_contextvars().get("request_id", ""))


_id_prefix = ""
_id_counter = itertools.count()


def _new_id_prefix() -> None:
    global _id_prefix, _id_counter
    _id_prefix, _id_counter = secrets.token_hex(6), itertools.count(1)


_new_id_prefix()
os.register_at_fork(after_in_child=_new_id_prefix)


def new_request_id() -> str:
    """A request id unique across processes: a random prefix per process and a counter (every websocket
    event gets one, so it costs no system call, unlike ``uuid4``)."""
    return f"{_id_prefix}{next(_id_counter):08x}"


def bind_request_id(request_id: str | None = None) -> str:
    """Bind a request id (a new one when none is given) to every log line of this context."""
    request_id = request_id or new_request_id()
    structlog.contextvars.bind_contextvars(request_id=request_id)
    return request_id
