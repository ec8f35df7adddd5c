"""A local stand-in for the parts of Shopify's Admin GraphQL API the shop calls, strict where Shopify is strict:
a small ASGI app (``app``), served by uvicorn on a thread of the test's process (``start``).

It answers ``POST /admin/api/<version>/graphql.json`` with the access token in ``X-Shopify-Access-Token``
(401 without it), and keeps Shopify's cost bucket: a query costs about what Shopify charges for it (a page of
``first: N`` nodes costs N + 2 points), points come back at ``restore_rate`` a second up to ``maximum``, and a
query the bucket cannot pay for is answered ``THROTTLED`` with the bucket's state, as Shopify does. Every answer
carries ``extensions.cost``. Operations are recognised by their name (``query Products(...)``); connections page
with opaque cursors. ``fail_next`` makes the next answers fail in transit (a 502, a 429) to test retries. A
bulk operation (``bulkOperationRunQuery`` on the products) runs for ``bulk_running_looks`` status queries, then
ends ``bulk_outcome``; its JSONL file is served at ``GET /bulk/<n>.jsonl`` in chunks, each product followed by
its variants (``__parentId``), as Shopify writes it.
"""

from __future__ import annotations

import base64
import json
import re
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from allpetplus.stack import free_port

TOKEN = "shpat_standin_token"
VERSION = "2026-10"


def _cursor(index: int) -> str:
    return base64.b64encode(f"cursor:{index}".encode()).decode()


def _index(cursor: str | None) -> int:
    if not cursor:
        return 0
    return int(base64.b64decode(cursor).decode().split(":", 1)[1])


@dataclass
class ShopifyStandIn:
    """The running stand-in: its URL, the store's data, the calls it answered and its cost bucket."""

    url: str = ""
    products: list[dict[str, Any]] = field(default_factory=list)
    #: Orders' fulfilment orders by order gid: ``{"gid://shopify/Order/1": [{"id": ..., "status": "OPEN"}]}``.
    fulfillment_orders: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    #: Fulfilments created, as sent (``fulfillmentCreate``'s input, with the id given).
    fulfillments: list[dict[str, Any]] = field(default_factory=list)
    calls: list[dict[str, Any]] = field(default_factory=list)
    #: Statuses to answer the next calls with, in order, before answering normally (e.g. ``[502, 429]``).
    fail_next: list[int] = field(default_factory=list)
    #: Bulk operations by id: their status, and how many more looks they stay RUNNING.
    bulk_operations: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: How a bulk operation ends (``COMPLETED``, or e.g. ``FAILED`` to test that), and the looks it runs first.
    bulk_outcome: str = "COMPLETED"
    bulk_running_looks: int = 1
    maximum: float = 1000.0
    restore_rate: float = 50.0
    available: float = 1000.0
    throttled: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)
    _at: float = field(default_factory=time.monotonic)

    def bucket(self, available: float, maximum: float | None = None, restore_rate: float | None = None) -> None:
        """Set the cost bucket as of now (``available`` points; as if another app had just spent the rest)."""
        with self.lock:
            self.maximum = maximum if maximum is not None else self.maximum
            self.restore_rate = restore_rate if restore_rate is not None else self.restore_rate
            self.available, self._at = available, time.monotonic()

    def _spend(self, cost: float) -> bool:
        """Refill the bucket for the time gone by, then take ``cost`` from it if it holds that much."""
        now = time.monotonic()
        self.available = min(self.maximum, self.available + (now - self._at) * self.restore_rate)
        self._at = now
        if self.available < cost:
            return False
        self.available -= cost
        return True

    def _cost(self, cost: float, actual: float | None) -> dict[str, Any]:
        return {"requestedQueryCost": cost, "actualQueryCost": actual, "throttleStatus": {
            "maximumAvailable": self.maximum, "currentlyAvailable": round(self.available, 1),
            "restoreRate": self.restore_rate}}  # fmt: skip

    def answer(self, query: str, variables: dict[str, Any]) -> dict[str, Any]:
        """A GraphQL answer to one operation, with its cost."""
        operation = re.search(r"\b(query|mutation)\s+(\w+)", query)
        name = operation.group(2) if operation else ""
        first = int(variables.get("first") or 10)
        cost = float(first + 2) if name == "Products" else 10.0
        with self.lock:
            self.calls.append({"operation": name, "variables": variables})
            if not self._spend(cost):
                self.throttled += 1
                return {"errors": [{"message": "Throttled", "extensions": {"code": "THROTTLED",
                                    "documentation": "https://shopify.dev/api/usage/rate-limits"}}],
                        "extensions": {"cost": self._cost(cost, None)}}  # fmt: skip
            if name == "Products":
                data = {"products": self._page(self.products, first, variables.get("after"))}
            elif name == "ProductsCount":
                data = {"productsCount": {"count": len(self.products), "precision": "EXACT"}}
            elif name == "BulkOperationRunQuery":
                data = {"bulkOperationRunQuery": self._run_bulk(str(variables.get("query") or ""))}
            elif name == "BulkOperation":
                data = {"node": self._bulk_status(str(variables.get("id") or ""))}
            elif name == "OrderFulfillmentOrders":
                found = self.fulfillment_orders.get(variables.get("id"))
                data = {"order": None if found is None else {"fulfillmentOrders": {"nodes": [dict(f) for f in found]}}}
            elif name == "FulfillmentCreate":
                data = {"fulfillmentCreate": self._fulfil(variables.get("fulfillment") or {})}
            else:
                return {"errors": [{"message": f"Field or operation '{name}' is not served by the stand-in."}],
                        "extensions": {"cost": self._cost(cost, 0)}}  # fmt: skip
            return {"data": data, "extensions": {"cost": self._cost(cost, cost)}}

    def _run_bulk(self, query: str) -> dict[str, Any]:
        """``bulkOperationRunQuery``: one at a time, as Shopify allows; only the products query is served."""
        if any(op["status"] in ("CREATED", "RUNNING") for op in self.bulk_operations.values()):
            busy = "A bulk query operation for this app and shop is already in progress."
            return {"bulkOperation": None, "userErrors": [{"field": None, "message": busy}]}
        if "products" not in query or "__parentId" in query:
            return {"bulkOperation": None, "userErrors": [{"field": ["query"], "message": "Invalid bulk query."}]}
        operation_id = f"gid://shopify/BulkOperation/{len(self.bulk_operations) + 1}"
        self.bulk_operations[operation_id] = {"status": "RUNNING", "looks": self.bulk_running_looks}
        return {"bulkOperation": {"id": operation_id, "status": "CREATED"}, "userErrors": []}

    def _bulk_status(self, operation_id: str) -> dict[str, Any] | None:
        operation = self.bulk_operations.get(operation_id)
        if operation is None:
            return None
        if operation["status"] == "RUNNING":
            if operation["looks"] > 0:
                operation["looks"] -= 1
            else:
                operation["status"] = self.bulk_outcome
        done = operation["status"] == "COMPLETED"
        number = operation_id.rsplit("/", 1)[-1]
        return {"id": operation_id, "status": operation["status"],
                "errorCode": None if operation["status"] in ("RUNNING", "COMPLETED") else "INTERNAL_SERVER_ERROR",
                "objectCount": str(sum(1 + len(p["variants"]["nodes"]) for p in self.products)) if done else "0",
                "url": f"{self.url}/bulk/{number}.jsonl" if done and self.products else None}  # fmt: skip

    def bulk_file(self) -> Iterator[bytes]:
        """The JSONL result of the products bulk query, a line at a time: each product, then its variants."""
        for item in list(self.products):
            node = {key: value for key, value in item.items() if key != "variants"}
            yield (json.dumps(node) + "\n").encode()
            for variant in item["variants"]["nodes"]:
                yield (json.dumps({**variant, "__parentId": item["id"]}) + "\n").encode()

    def _fulfil(self, fulfilment: dict[str, Any]) -> dict[str, Any]:
        """``fulfillmentCreate``: closes the fulfilment orders named; refuses one that is not open, as Shopify does."""
        wanted = [item["fulfillmentOrderId"] for item in fulfilment.get("lineItemsByFulfillmentOrder") or []]
        orders = {fo["id"]: fo for fos in self.fulfillment_orders.values() for fo in fos}
        errors = [{"field": ["fulfillment"], "message": f"Fulfillment order {fo} has an unfulfillable status."}
                  for fo in wanted if fo not in orders or orders[fo]["status"] != "OPEN"]  # fmt: skip
        if errors or not wanted:
            return {"fulfillment": None, "userErrors": errors or [{"field": ["fulfillment"], "message": "No items."}]}
        for fo in wanted:
            orders[fo]["status"] = "CLOSED"
        made = {"id": f"gid://shopify/Fulfillment/{len(self.fulfillments) + 1}", "status": "SUCCESS"}
        self.fulfillments.append({**fulfilment, "id": made["id"]})
        return {"fulfillment": made, "userErrors": []}

    @staticmethod
    def _page(items: list[dict[str, Any]], first: int, after: str | None) -> dict[str, Any]:
        start = _index(after) + (1 if after else 0)
        nodes = items[start : start + first]
        last = start + len(nodes) - 1
        return {"nodes": nodes, "pageInfo": {"hasNextPage": last + 1 < len(items),
                                             "endCursor": _cursor(last) if nodes else after}}  # fmt: skip


def app(store: ShopifyStandIn) -> Starlette:
    """The stand-in as an ASGI app over ``store``: the Admin GraphQL endpoint and the bulk operations' files."""

    def graphql(request_body: bytes, version: str, token: str | None) -> JSONResponse:
        if version != VERSION:
            return JSONResponse({"errors": "Not Found"}, status_code=404)
        if token != TOKEN:
            return JSONResponse({"errors": "[API] Invalid API key or access token (unrecognized login)"}, 401)
        with store.lock:
            failure = store.fail_next.pop(0) if store.fail_next else None
        if failure:
            return JSONResponse({"errors": "Service unavailable"}, status_code=failure)
        try:
            payload = json.loads(request_body)
        except ValueError:
            return JSONResponse({"errors": "Invalid JSON"}, status_code=400)
        return JSONResponse(store.answer(str(payload.get("query", "")), payload.get("variables") or {}))

    async def admin(request: Request) -> Response:
        body = await request.body()
        token = request.headers.get("X-Shopify-Access-Token")
        return await run_in_threadpool(graphql, body, request.path_params["version"], token)

    def bulk(_request: Request) -> Response:
        """A bulk operation's file (a signed storage URL at Shopify: no access token), streamed in chunks."""
        return StreamingResponse(store.bulk_file(), media_type="application/jsonl")

    return Starlette(routes=[Route("/admin/api/{version}/graphql.json", admin, methods=["POST"]),
                             Route("/bulk/{number:int}.jsonl", bulk, methods=["GET"])])  # fmt: skip


class Serving:
    """The stand-in's ASGI app served by uvicorn on a thread of this process (so tests can change ``store``)."""

    def __init__(self, store: ShopifyStandIn) -> None:
        port = free_port()
        config = uvicorn.Config(app(store), host="127.0.0.1", port=port, log_level="warning", lifespan="off")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        store.url = f"http://127.0.0.1:{port}"

    def start(self) -> Serving:
        """Serve, and return once the server accepts connections."""
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the Shopify stand-in did not start")
            time.sleep(0.01)
        return self

    def shutdown(self) -> None:
        """Stop serving and wait for the server to close."""
        self.server.should_exit = True
        self.thread.join(timeout=30)


def connection(store: ShopifyStandIn) -> dict[str, str]:
    """The settings (or a process's environment) that connect the shop to ``store``."""
    return {"SHOPIFY_SHOP_DOMAIN": "all-pet-plus.myshopify.com", "SHOPIFY_ADMIN_TOKEN": TOKEN,
            "SHOPIFY_API_VERSION": VERSION, "SHOPIFY_ADMIN_URL": store.url}  # fmt: skip


def start(store: ShopifyStandIn | None = None) -> tuple[ShopifyStandIn, Serving]:
    """Serve the stand-in on a free local port; returns it and its server (``server.shutdown()`` to stop)."""
    store = store or ShopifyStandIn()
    return store, Serving(store).start()


def product(number: int, variants: int = 5) -> dict[str, Any]:
    """A Shopify product as the Products query selects it, with ``variants`` variants (size × colour)."""
    gid = f"gid://shopify/Product/{1000 + number}"
    sizes, colours = ("S", "M", "L", "XL", "XS"), ("Ocean", "Forest", "Berry")
    return {
        "id": gid,
        "handle": f"standin-product-{number}",
        "title": f"Stand-in product {number}",
        "status": "ACTIVE",
        "updatedAt": "2026-12-01T10:00:00Z",
        "productType": ("Bandanas", "Toys", "Beds")[number % 3],
        "descriptionHtml": f"<p>A <strong>stand-in</strong> product, number {number}.</p>",
        "featuredImage": {"url": f"https://cdn.shopify.com/s/files/standin-{number}.jpg"},
        "variants": {"nodes": [
            {"id": f"gid://shopify/ProductVariant/{(1000 + number) * 10 + v}", "sku": f"SI-{number}-{v}",
             "title": f"{sizes[v % 5]} / {colours[v % 3]}", "price": f"{20 + v}.00",
             "compareAtPrice": f"{30 + v}.00" if v == 0 else None, "inventoryQuantity": 5 + v,
             "inventoryItem": {"id": f"gid://shopify/InventoryItem/{(1000 + number) * 10 + v}"},
             "selectedOptions": [{"name": "Size", "value": sizes[v % 5]}, {"name": "Color", "value": colours[v % 3]}]}
            for v in range(variants)
        ]},
    }  # fmt: skip
