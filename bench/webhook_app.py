"""The ASGI app the webhook benchmark serves: the product's webhook routes and a bare endpoint that does
nothing, behind the same middleware, in one server process."""

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from allpetplus.core.http import request_context
from allpetplus.webhook.routes import routes


async def bare(_request: Request) -> PlainTextResponse:
    """The reference: accept a POST and answer."""
    return PlainTextResponse("ok")


app = request_context("bench")(Starlette(routes=[*routes, Route("/bare", bare, methods=["POST"])]))
