"""Shopify's Admin GraphQL API: the one way the platform calls Shopify.

Nothing is sent unless ``SHOPIFY_SHOP_DOMAIN`` and ``SHOPIFY_ADMIN_TOKEN`` are set (``configured``): without them
the shop runs on its own catalog and no code path reaches the network. Every call names the dated API version
(``SHOPIFY_API_VERSION``).

Shopify throttles by query cost: each answer's ``extensions.cost.throttleStatus`` says how many points are left
and how fast they come back. The client waits before a call the bucket cannot pay for, and a call answered
``THROTTLED`` waits until its cost is restored and goes again. A dropped connection, a 5xx or a 429 is retried
with exponential backoff; a refused query (4xx, GraphQL errors) is not. Lists are read with cursors (``pages``).
"""

from __future__ import annotations

import functools
import json
import operator
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import structlog
from tenacity import retry, retry_if_exception, stop_after_attempt, wait_exponential

from allpetplus.core.settings import settings

log = structlog.get_logger(__name__)

#: Tries for one call that fails in transit (the first included), and for one call answered THROTTLED.
TRANSIENT_TRIES = 5
THROTTLED_TRIES = 20
TIMEOUT_SECONDS = 30.0


class ShopifyError(Exception):
    """Shopify refused a call; the message is Shopify's."""


class NotConfigured(ShopifyError):
    """The shop is not connected to Shopify (no domain or access token): nothing was sent."""


def configured() -> bool:
    """Whether the shop is connected to a Shopify store (both settings are there)."""
    return bool(settings.SHOPIFY_SHOP_DOMAIN and settings.SHOPIFY_ADMIN_TOKEN)


def endpoint() -> str:
    """The Admin GraphQL endpoint of the store, at the configured API version."""
    base = settings.SHOPIFY_ADMIN_URL or f"https://{settings.SHOPIFY_SHOP_DOMAIN}"
    return f"{base.rstrip('/')}/admin/api/{settings.SHOPIFY_API_VERSION}/graphql.json"


BULK_RUN = """mutation BulkOperationRunQuery($query: String!) {
  bulkOperationRunQuery(query: $query) { bulkOperation { id status } userErrors { field message } }
}"""
BULK_STATUS = """query BulkOperation($id: ID!) {
  node(id: $id) { ... on BulkOperation { id status errorCode objectCount url } }
}"""
#: Seconds between two looks at a running bulk operation, and the longest it may take.
BULK_POLL_SECONDS = 2.0
BULK_TIMEOUT_SECONDS = 4 * 3600


@dataclass(frozen=True)
class Throttle:
    """Shopify's cost bucket as the last answer left it."""

    available: float
    maximum: float
    restore_rate: float

    def wait_for(self, cost: float) -> float:
        """Seconds until the bucket holds ``cost`` points (0 when it already does)."""
        missing = min(cost, self.maximum) - self.available
        return max(missing, 0) / self.restore_rate if self.restore_rate > 0 else 0.0


class _Transient(ShopifyError):
    """A failure in transit worth another try (a dropped connection, a 5xx, a 429)."""


def _is_transient(exc: BaseException) -> bool:
    return isinstance(exc, _Transient)


class AdminClient:
    """Calls to the Admin GraphQL API, throttled and retried as Shopify asks."""

    def __init__(self, http: httpx.Client | None = None, sleep: Callable[[float], None] = time.sleep) -> None:
        if not configured():
            raise NotConfigured("Shopify is not connected: set SHOPIFY_SHOP_DOMAIN and SHOPIFY_ADMIN_TOKEN.")
        self._http = http or httpx.Client(timeout=TIMEOUT_SECONDS)
        self._sleep = sleep
        self.throttle: Throttle | None = None
        #: The cost of the last query of each document, so the next one waits for the bucket before it is sent.
        self._costs: dict[str, float] = {}

    def close(self) -> None:
        """Close the connection pool."""
        self._http.close()

    def __enter__(self) -> AdminClient:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def execute(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        """Run one query or mutation; returns its ``data``. (A mutation's ``userErrors`` are the caller's.)"""
        for _ in range(THROTTLED_TRIES):
            if self.throttle and (wait := self.throttle.wait_for(self._costs.get(query, 0))):
                self._sleep(wait)
            body = self._post({"query": query, "variables": variables or {}})
            cost = (body.get("extensions") or {}).get("cost") or {}
            if status := cost.get("throttleStatus"):
                self.throttle = Throttle(float(status["currentlyAvailable"]), float(status["maximumAvailable"]),
                                         float(status["restoreRate"]))  # fmt: skip
            if "requestedQueryCost" in cost:
                self._costs[query] = float(cost["requestedQueryCost"])
            errors = body.get("errors") or []
            if any((e.get("extensions") or {}).get("code") == "THROTTLED" for e in errors):
                log.info("shopify throttled", available=self.throttle.available if self.throttle else None)
                continue  # the wait for the bucket comes first on the next turn
            if errors:
                raise ShopifyError("; ".join(str(e.get("message", e)) for e in errors))
            return body.get("data") or {}
        raise ShopifyError(f"Shopify kept the call throttled after {THROTTLED_TRIES} tries.")

    def pages(
        self, query: str, connection: str, variables: dict[str, Any] | None = None, page_size: int = 100
    ) -> Iterator[dict[str, Any]]:
        """Every node of a connection (``connection``: its dotted path in ``data``, e.g. ``"products"``), page by
        page with cursors; the query takes ``$first`` and ``$after`` and selects ``pageInfo`` and ``nodes``."""
        after: str | None = None
        while True:
            data = self.execute(query, {**(variables or {}), "first": page_size, "after": after})
            found = functools.reduce(operator.getitem, connection.split("."), data)
            yield from found["nodes"]
            if not found["pageInfo"]["hasNextPage"]:
                return
            after = found["pageInfo"]["endCursor"]

    def bulk_lines(self, query: str, poll_seconds: float = BULK_POLL_SECONDS) -> Iterator[dict[str, Any]]:
        """Run ``query`` as a bulk operation, wait for Shopify to finish it, then stream its JSONL result one object
        at a time (a nested object names its parent in ``__parentId``, after the parent). Memory stays flat."""
        run = self.execute(BULK_RUN, {"query": query})["bulkOperationRunQuery"]
        if run.get("userErrors"):
            raise ShopifyError("; ".join(str(e.get("message")) for e in run["userErrors"]))
        operation_id = run["bulkOperation"]["id"]
        deadline = time.monotonic() + BULK_TIMEOUT_SECONDS
        while True:
            operation = self.execute(BULK_STATUS, {"id": operation_id})["node"] or {}
            status = operation.get("status")
            if status == "COMPLETED":
                break
            if status not in ("CREATED", "RUNNING") or time.monotonic() > deadline:
                raise ShopifyError(f"The bulk operation ended {status or 'missing'} ({operation.get('errorCode')}).")
            self._sleep(poll_seconds)
        log.info("shopify bulk operation completed", objects=operation.get("objectCount"))
        if not operation.get("url"):
            return  # nothing matched: Shopify gives no file
        try:
            with self._http.stream("GET", operation["url"], timeout=TIMEOUT_SECONDS) as response:
                if response.status_code >= 400:
                    raise ShopifyError(f"The bulk operation's file answered {response.status_code}.")
                for line in response.iter_lines():
                    if line.strip():
                        yield json.loads(line)
        except httpx.TransportError as exc:
            raise ShopifyError(f"The bulk operation's file could not be read: {exc}") from exc

    @retry(
        retry=retry_if_exception(_is_transient),
        stop=stop_after_attempt(TRANSIENT_TRIES),
        wait=wait_exponential(multiplier=0.2, max=10),
        reraise=True,
    )
    def _post(self, payload: dict[str, Any]) -> dict[str, Any]:
        headers = {"X-Shopify-Access-Token": settings.SHOPIFY_ADMIN_TOKEN, "Content-Type": "application/json"}
        try:
            response = self._http.post(endpoint(), json=payload, headers=headers)
        except httpx.TransportError as exc:
            log.warning("shopify unreachable", error=str(exc))
            raise _Transient(str(exc)) from exc
        if response.status_code == 429 or response.status_code >= 500:
            log.warning("shopify transient failure", status=response.status_code)
            raise _Transient(f"Shopify answered {response.status_code}")
        if response.status_code >= 400:
            raise ShopifyError(f"Shopify refused the call ({response.status_code}): {response.text[:300]}")
        return response.json()
