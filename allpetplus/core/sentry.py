"""Error reporting to Sentry when ``SENTRY_DSN`` is set: exceptions from state events, REST, jobs and
webhooks, tagged with the component (app or worker) and the feature, with the user's id only."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from types import ModuleType
from typing import Any

from allpetplus.core.logging import redact_text
from allpetplus.core.settings import settings

#: ``sentry_sdk`` once reporting has started in this process; ``None`` while it is off.
_sdk: ModuleType | None = None


def init_sentry(component: str) -> bool:
    """Start reporting (once per process); ``False`` when no DSN is configured."""
    global _sdk
    if not settings.SENTRY_DSN:
        return False
    import sentry_sdk  # slow (~0.1 s) and needed only when SENTRY_DSN is set

    if _sdk is None:
        sentry_sdk.init(dsn=settings.SENTRY_DSN, traces_sample_rate=0.0,
                        before_send=_scrub, _experiments={"transport_compression_level": 0})  # fmt: skip
        _sdk = sentry_sdk
    _sdk.set_tag("component", component)
    return True


def _scrub(event: dict[str, Any], _hint: dict[str, Any]) -> dict[str, Any]:
    """Keep the user's id and nothing else personal; drop cookies and authorisation headers, and redact
    secrets in every text of the event (log messages and breadcrumbs carry whatever a framework logged)."""
    user = event.get("user") or {}
    event["user"] = {"id": user["id"]} if "id" in user else {}
    request = event.get("request") or {}
    request.pop("cookies", None)
    headers = request.get("headers") or {}
    for name in list(headers):
        if name.lower() in ("cookie", "authorization", "stripe-signature", "x-shopify-hmac-sha256"):
            headers.pop(name)
    return _redacted(event)


def _redacted(value: Any) -> Any:
    if isinstance(value, str):
        return redact_text(value)
    if isinstance(value, dict):
        return {key: _redacted(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_redacted(item) for item in value]
    return value


def identify_user(user_id: int | None) -> None:
    """Attach the signed-in user's id to what is reported from here on (in this context)."""
    if _sdk is not None:
        _sdk.set_user({"id": str(user_id)} if user_id else None)


@contextlib.contextmanager
def feature_scope(feature: str) -> Iterator[None]:
    """Report an exception raised inside, tagged with ``feature`` (then let it propagate)."""
    if _sdk is None:
        yield
        return
    with _sdk.isolation_scope() as scope:
        scope.set_tag("feature", feature)
        try:
            yield
        except Exception as exc:
            _sdk.capture_exception(exc)
            raise
