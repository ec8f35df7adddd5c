"""Structured logging: JSON lines (or readable console lines) with the request id bound per request.

One pipeline renders every record of the process, the product's and the frameworks' (Reflex, granian,
uvicorn), and redacts secrets twice: by key on the structured record, then on the finished text, because
frameworks log whole objects (Reflex logs a failing event with the connection's headers, cookie included).
"""

from __future__ import annotations

import itertools
import logging
import os
import re
import secrets
import sys
from pathlib import Path

import structlog

from allpetplus.core.settings import settings

_configured = False
#: Keys whose values never reach a log line, whatever code logs them.
SECRET_KEYS = frozenset({"password", "token", "secret", "authorization", "cookie", "signature", "api_key", "dsn"})
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
#: Loggers that frameworks give handlers of their own; their records come through this pipeline instead.
FRAMEWORK_LOGGERS = ("reflex", "_granian", "granian.access", "uvicorn", "uvicorn.error", "uvicorn.access")
REDACTED = "[redacted]"
_SECRET_NAME = (
    r"[\w-]*(?:cookie|authorization|password|passwd|secret|token|ticket|session|signature|api[_-]?key|jwt|csrf|dsn)"
    r"[\w-]*"
)
#: What is redacted in the finished text of a log line (repr, JSON and header forms alike), in this order.
_TEXT_SECRETS = (
    # A quoted value under a secret name: 'cookie': '...', "authorization": "Bearer ...", \"token\": \"...\"
    (re.compile(rf"""(?i)(['"]{_SECRET_NAME}\\?['"]\s*:\s*\\?['"])[^'"\\]*"""), rf"\g<1>{REDACTED}"),
    # A header line: Cookie: ..., Authorization: ...
    (
        re.compile(r"(?i)(?<![\w'\"-])((?:set-)?cookie|(?:proxy-)?authorization)(\s*:\s*)[^'\"\\\r\n]+"),
        rf"\1\2{REDACTED}",
    ),
    # name=value in cookies, query strings and key=value text: app_session=..., __session=..., ?token=...
    # (a bare number, such as a count, is no secret)
    (re.compile(rf"(?i)(?<![\w-])({_SECRET_NAME})=(?!\d+\b)[^\s;&,'\"\\<>(){{}}\[\]]+"), rf"\1={REDACTED}"),
    (re.compile(r"(?i)\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]{6,}"), rf"\1 {REDACTED}"),
    (re.compile(r"\beyJ[\w-]{6,}\.[\w-]{6,}\.[\w-]*"), REDACTED),  # any JWT (Clerk sessions, handoff tokens)
    (re.compile(r"(/documents/)[^\s'\"\\?#]+"), rf"\1{REDACTED}"),  # signed private-document links
    (_EMAIL, "[email]"),
)


def redact(_logger: object, _method: str, event: dict) -> dict:
    """Drop secret values and mask e-mail addresses anywhere in a log record (personal data stays out)."""
    for key, value in list(event.items()):
        if any(secret in key.lower() for secret in SECRET_KEYS):
            event[key] = REDACTED
        elif isinstance(value, str) and "@" in value:
            event[key] = _EMAIL.sub("[email]", value)
    return event


def redact_text(text: str) -> str:
    """``text`` with cookie and authorisation header values, session cookies, bearer and login tokens, JWTs,
    private-document links and e-mail addresses replaced, wherever they appear."""
    for pattern, replacement in _TEXT_SECRETS:
        text = pattern.sub(replacement, text)
    return text


def redact_rendered(_logger: object, _method: str, line: str) -> str:
    """The last step of the pipeline: redact the finished log line."""
    return redact_text(line)


def _adopt_framework_loggers() -> None:
    """Send the frameworks' records through this pipeline instead of their own handlers.

    Under its CLI Reflex renders its loggers itself ("managed" logging, re-attached whenever its config
    loads); outside it ("library mode") it leaves them to the application. The apps' processes are ours,
    so they run in library mode.
    """
    os.environ["REFLEX_MANAGED_LOGGING"] = "false"
    for name in FRAMEWORK_LOGGERS:
        logger = logging.getLogger(name)
        logger.handlers.clear()
        logger.propagate = True


def open_log_file(path: Path) -> int:
    """A file descriptor appending to ``path``, created readable by its owner only (a log may name people
    and requests; an existing file from an older version is made private too)."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND | os.O_CLOEXEC, 0o600)
    if os.fstat(fd).st_mode & 0o077:
        os.fchmod(fd, 0o600)
    return fd


def configure_logging(level: str | None = None, fmt: str | None = None) -> None:
    """Route stdlib and structlog records (the frameworks' too) through one redacting JSON (or console) renderer."""
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
                redact_rendered,
            ],
        )
    )
    handler.setLevel(level)  # also for records of framework loggers that set their own, lower level
    root = logging.getLogger()
    root.handlers = [handler]
    root.setLevel(level)
    _adopt_framework_loggers()
    logging.captureWarnings(True)
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
