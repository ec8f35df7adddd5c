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

_listings: dict[tuple[str, str, str, int], tuple[float, bytes]] = {}


def _listing(category: str, species: str, query: str, page: int) -> bytes:
    with session_scope(read_only=True) as session:
        found = service.find_products(session, category=category or None, species=species or None,
                                      query=query or None, page=page)  # fmt: skip
    return JSONResponse({"products": [card.model_dump() for card in found.cards], "total": found.total,
                         "page": found.page, "pages": found.pages}).body  # fmt: skip


async def products(request: Request) -> Response:
    """``GET /api/catalog/products?category=&species=&q=&page=``: one page of the listing as JSON, with the total
    (an answer is reused for ``CATALOG_CACHE_SECONDS`` per query; prices and stock are checked again at checkout)."""
    params = request.query_params
    page = params.get("page", "1")[:6]
    key = (params.get("category", "")[:100], params.get("species", "")[:100], params.get("q", "")[:100],
           int(page) if page.isdigit() else 1)  # fmt: skip
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
