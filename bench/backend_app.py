"""The ASGI app the backend benchmarks serve in one granian process: the product's webhook, health and
catalog routes and a bare endpoint that does nothing, all behind the product's request middleware."""

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from allpetplus.catalog.routes import routes as catalog_routes
from allpetplus.core import health
from allpetplus.core.http import request_context
from allpetplus.webhook.routes import routes as webhook_routes


async def bare(_request: Request) -> PlainTextResponse:
    """The reference: answer at once."""
    return PlainTextResponse("ok")


app = request_context("bench")(
    Starlette(routes=[*webhook_routes, *health.routes, *catalog_routes, Route("/bare", bare, methods=["GET", "POST"])])
)
