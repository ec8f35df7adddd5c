"""Helpers for REST routes: one mapping from domain errors to HTTP answers (``answers_refusals`` applies it to
a whole route), reading bodies no further than their limit, and JSON bodies."""

from __future__ import annotations

import functools
import hmac
import inspect
import ipaddress
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.convertors import Convertor, register_url_convertor
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from allpetplus.core.errors import DomainError, NotFound, PermissionDenied, RateLimited, TooLarge, ValidationFailed
from allpetplus.core.inputs import InvalidJson, parse_json
from allpetplus.core.settings import settings

#: The largest JSON body a REST route reads (a builder design or a pet's fields are well under 2 KB).
MAX_JSON_BYTES = 64 * 1024
#: The largest webhook delivery read (a Shopify order or a Stripe event is a few KB).
MAX_WEBHOOK_BYTES = 512 * 1024
#: Headers a proxy adds: a request carrying one came from elsewhere, even if the proxy is on this machine.
_FORWARDING_HEADERS = ("forwarded", "x-forwarded-for", "x-real-ip")


class RecordIdConvertor(Convertor[int]):
    """``{name:id}`` in a route path: a record id of at most 18 digits, so it always fits the database's
    integers (Starlette's ``int`` takes any number of digits); a longer one matches no route."""

    regex = "[0-9]{1,18}"

    def convert(self, value: str) -> int:
        return int(value)

    def to_string(self, value: int) -> str:
        return str(value)


register_url_convertor("id", RecordIdConvertor())


def error_response(exc: DomainError, *, signed_in: bool = True) -> JSONResponse:
    """The HTTP answer for a refused request."""
    if isinstance(exc, TooLarge):
        return JSONResponse({"detail": next(iter(exc.errors.values()))}, status_code=413)
    if isinstance(exc, ValidationFailed):
        return JSONResponse({"detail": "Some fields need attention.", "errors": exc.errors}, status_code=422)
    if isinstance(exc, NotFound):
        return JSONResponse({"detail": str(exc)}, status_code=404)
    if isinstance(exc, RateLimited):
        return JSONResponse({"detail": str(exc)}, status_code=429, headers={"Retry-After": str(exc.retry_after)})
    if isinstance(exc, PermissionDenied):
        return JSONResponse({"detail": str(exc)}, status_code=403 if signed_in else 401)
    return JSONResponse({"detail": str(exc)}, status_code=400)


def answers_refusals(route: Callable[[Request], Any]) -> Callable[[Request], Any]:
    """A REST route (sync or async) whose refusals, a ``DomainError`` raised anywhere in it, are answered by
    ``error_response``: a ``PermissionDenied`` is 401 when the route found no signed-in user
    (``request.state.signed_in``, noted by ``user.auth.acting_user``), 403 otherwise."""

    def answer(request: Request, exc: DomainError) -> Response:
        return error_response(exc, signed_in=getattr(request.state, "signed_in", True))

    if inspect.iscoroutinefunction(route):
        asynchronous: Callable[[Request], Awaitable[Response]] = route

        @functools.wraps(route)
        async def run_async(request: Request) -> Response:
            try:
                return await asynchronous(request)
            except DomainError as exc:
                return answer(request, exc)

        return run_async

    @functools.wraps(route)
    def run(request: Request) -> Response:
        try:
            return route(request)
        except DomainError as exc:
            return answer(request, exc)

    return run


def too_large_message(limit: int) -> str:
    """What a client is told when its request body is over ``limit`` bytes."""
    size = f"{limit // 1024} KB" if limit < 1024 * 1024 else f"{limit / 1024 / 1024:.1f} MB"
    return f"The request body is too large; the limit here is {size}."


def declared_length(value: str | None) -> int | None:
    """A ``Content-Length`` header's value in bytes (``None`` when absent or not a number)."""
    if value is None or not (value.isascii() and value.isdecimal()):
        return None
    return int(value) if len(value) <= 18 else 10**18


async def read_body(request: Request, limit: int) -> bytes:
    """The request body, never buffered past ``limit`` bytes: ``TooLarge`` as soon as the declared length
    or the bytes received so far pass it."""
    declared = declared_length(request.headers.get("content-length"))
    if declared is not None and declared > limit:
        raise TooLarge.one("body", too_large_message(limit))
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise TooLarge.one("body", too_large_message(limit))
    return bytes(body)


async def json_body(request: Request, limit: int = MAX_JSON_BYTES) -> dict[str, Any]:
    """The request's JSON object: ``TooLarge`` past ``limit``, ``ValidationFailed`` with a short message for a
    body that is not JSON (however it fails to parse) or not an object."""
    raw = await read_body(request, limit)
    try:
        body = parse_json(raw or b"{}")
    except InvalidJson as exc:
        raise ValidationFailed.one("body", f"The request body {exc}.") from None
    if not isinstance(body, dict):
        raise ValidationFailed.one("body", "Send a JSON object.")
    return body


def operators_only(request: Request) -> JSONResponse | None:
    """``None`` when the request may read what only operators see (``/metrics``, a queue round trip), else the
    refusal to send. With ``METRICS_TOKEN`` set, only a request bearing it (``Authorization: Bearer``, compared
    in constant time) may; without it, only a client on this machine that no proxy forwarded."""
    token = settings.METRICS_TOKEN
    if token:
        scheme, _, given = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode(), token.encode()):
            return None
        return JSONResponse({"detail": "Send the metrics token as Authorization: Bearer <token>."}, status_code=401,
                            headers={"WWW-Authenticate": "Bearer"})  # fmt: skip
    if _from_this_machine(request):
        return None
    return JSONResponse({"detail": "Only this machine may read this; set METRICS_TOKEN to let others in with it."},
                        status_code=403)  # fmt: skip


def _from_this_machine(request: Request) -> bool:
    if request.client is None or any(name in request.headers for name in _FORWARDING_HEADERS):
        return False
    try:
        return ipaddress.ip_address(request.client.host).is_loopback
    except ValueError:
        return False
