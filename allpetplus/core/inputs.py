"""Reading what a client sent without trusting its shape: JSON text, record ids, whole numbers, and
short excerpts of it for messages (a message never repeats a client's input at length)."""

from __future__ import annotations

import json
from typing import Any

from pydantic import ValidationError

#: The largest id a database integer column holds (PostgreSQL ``BIGINT``, SQLite ``INTEGER``).
MAX_RECORD_ID = 2**63 - 1
#: Field errors listed in one answer at most (a body of unknown keys would otherwise be echoed key by key).
MAX_FIELD_ERRORS = 10


class InvalidJson(ValueError):
    """Text that is not JSON this product reads; ``str()`` ends the sentence "The ... " (e.g. "is not valid JSON")."""


class _NotAJsonNumber(ValueError):
    pass


def _refuse_constant(name: str) -> Any:
    raise _NotAJsonNumber(name)


def parse_json(raw: Any) -> Any:
    """The JSON value in ``raw`` (text or UTF-8 bytes), or ``InvalidJson`` for anything else: not text, not
    UTF-8, not JSON (``NaN`` and ``Infinity`` included), nested deeper than the parser's stack, or holding a
    number with more digits than Python converts."""
    if not isinstance(raw, str | bytes | bytearray):
        raise InvalidJson("is not JSON text")
    try:
        return json.loads(raw, parse_constant=_refuse_constant)
    except RecursionError:
        raise InvalidJson("is nested too deeply") from None
    except UnicodeDecodeError:
        raise InvalidJson("is not UTF-8 text") from None
    except (json.JSONDecodeError, _NotAJsonNumber):
        raise InvalidJson("is not valid JSON") from None
    except ValueError:  # an integer past sys.get_int_max_str_digits()
        raise InvalidJson("has a number with too many digits") from None


def record_id(value: Any) -> int | None:
    """``value`` as the id of a stored record: an ``int``, or a string of ASCII digits, from 1 to
    ``MAX_RECORD_ID``; ``None`` for anything else (``"²".isdigit()`` is true, yet ``int("²")`` fails)."""
    if isinstance(value, str):
        text = value.strip()
        if not (text.isascii() and text.isdecimal() and len(text) <= 19):
            return None
        value = int(text)
    if type(value) is not int:
        return None
    return value if 1 <= value <= MAX_RECORD_ID else None


def whole_number(value: Any, *, digits: int = 9) -> int | None:
    """``value`` as a whole number of at most ``digits`` digits: an ``int`` or a string of ASCII digits (with an
    optional minus sign); ``None`` for anything else."""
    if isinstance(value, str):
        text = value.strip()
        body = text.removeprefix("-")
        if not (body.isascii() and body.isdecimal() and len(body) <= digits):
            return None
        value = int(text)
    if type(value) is not int or abs(value) >= 10**digits:
        return None
    return value


def excerpt(value: Any, limit: int = 40) -> str:
    """A short, printable excerpt of a client's input, for a message or a log line."""
    text = "".join(ch if ch.isprintable() else "?" for ch in str(value)[: limit + 1])
    return text if len(text) <= limit else text[: limit - 1] + "…"


def field_errors(exc: ValidationError, unknown: str = "This field is not expected.") -> dict[str, str]:
    """Pydantic's errors as ``{field: message}`` for people: no input values, field names shortened, and at most
    ``MAX_FIELD_ERRORS`` of them."""
    errors: dict[str, str] = {}
    for error in exc.errors(include_input=False, include_url=False):
        if len(errors) == MAX_FIELD_ERRORS:
            break
        field = excerpt(error["loc"][0]) if error["loc"] else "body"
        if field not in errors:
            errors[field] = unknown if error["type"] == "extra_forbidden" else sentence(error["msg"])
    return errors


def sentence(message: str) -> str:
    """``message`` with a capital first letter and a full stop."""
    return message[:1].upper() + message[1:] + ("" if message.endswith(".") else ".")
