"""Helpers for REST routes: one mapping from domain errors to HTTP answers, and JSON bodies."""

from __future__ import annotations

import json
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse

from allpetplus.core.errors import DomainError, NotFound, PermissionDenied, RateLimited, ValidationFailed

MAX_JSON_BYTES = 64 * 1024


def error_response(exc: DomainError, *, signed_in: bool = True) -> JSONResponse:
    """The HTTP answer for a refused request."""
    if isinstance(exc, ValidationFailed):
        return JSONResponse({"detail": "Some fields need attention.", "errors": exc.errors}, status_code=422)
    if isinstance(exc, NotFound):
        return JSONResponse({"detail": str(exc)}, status_code=404)
    if isinstance(exc, RateLimited):
        return JSONResponse({"detail": str(exc)}, status_code=429, headers={"Retry-After": str(exc.retry_after)})
    if isinstance(exc, PermissionDenied):
        return JSONResponse({"detail": str(exc)}, status_code=403 if signed_in else 401)
    return JSONResponse({"detail": str(exc)}, status_code=400)


async def json_body(request: Request) -> dict[str, Any]:
    """The request's JSON object; ``ValidationFailed`` for a body that is too big or not an object."""
    raw = await request.body()
    if len(raw) > MAX_JSON_BYTES:
        raise ValidationFailed.one("body", "The request body is too large.")
    try:
        body = json.loads(raw or b"{}")
    except json.JSONDecodeError:
        raise ValidationFailed.one("body", "The request body is not valid JSON.") from None
    if not isinstance(body, dict):
        raise ValidationFailed.one("body", "Send a JSON object.")
    return body
