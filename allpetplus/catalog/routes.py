"""Public catalog JSON routes (read-only)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from allpetplus.catalog import service
from allpetplus.core.db import session_scope


def products(request: Request) -> JSONResponse:
    """``GET /api/catalog/products?category=&species=&q=``: the listing as JSON."""
    params = request.query_params
    with session_scope() as session:
        cards = service.list_products(
            session, category=params.get("category"), species=params.get("species"), query=params.get("q")
        )
    return JSONResponse({"products": [card.model_dump() for card in cards]})


def product(request: Request) -> JSONResponse:
    """``GET /api/catalog/products/{handle}``: one product with its variants, or 404."""
    with session_scope() as session:
        detail = service.get_product(session, request.path_params["handle"])
    if detail is None:
        return JSONResponse({"detail": "No product has that handle."}, status_code=404)
    return JSONResponse(detail.model_dump())


routes = [
    Route("/api/catalog/products", products, methods=["GET"]),
    Route("/api/catalog/products/{handle}", product, methods=["GET"]),
]
