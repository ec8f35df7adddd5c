"""Public catalog JSON routes (read-only)."""

from __future__ import annotations

import time

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from allpetplus.catalog import service
from allpetplus.core.db import session_scope
from allpetplus.core.settings import settings

_listings: dict[tuple[str, str, str], tuple[float, bytes]] = {}


def _listing(category: str, species: str, query: str) -> bytes:
    with session_scope(read_only=True) as session:
        cards = service.list_products(session, category=category or None, species=species or None,
                                      query=query or None)  # fmt: skip
    return JSONResponse({"products": [card.model_dump() for card in cards]}).body


async def products(request: Request) -> Response:
    """``GET /api/catalog/products?category=&species=&q=``: the listing as JSON (an answer is reused for
    ``CATALOG_CACHE_SECONDS`` per query; prices and stock are checked again at checkout)."""
    params = request.query_params
    key = (params.get("category", "")[:100], params.get("species", "")[:100], params.get("q", "")[:100])
    now = time.monotonic()
    cached = _listings.get(key)
    if cached is None or now - cached[0] >= settings.CATALOG_CACHE_SECONDS:
        if len(_listings) > 1000:
            _listings.clear()
        cached = _listings[key] = (now, await run_in_threadpool(_listing, *key))
    return Response(cached[1], media_type="application/json")


def product(request: Request) -> JSONResponse:
    """``GET /api/catalog/products/{handle}``: one product with its variants, or 404."""
    with session_scope(read_only=True) as session:
        detail = service.get_product(session, request.path_params["handle"])
    if detail is None:
        return JSONResponse({"detail": "No product has that handle."}, status_code=404)
    return JSONResponse(detail.model_dump())


routes = [
    Route("/api/catalog/products", products, methods=["GET"]),
    Route("/api/catalog/products/{handle}", product, methods=["GET"]),
]
