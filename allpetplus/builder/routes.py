"""Builder REST routes: price a design of any registered type, and get its 3D preview (both refuse invalid designs).

The JSON body is the configuration, with ``"type"`` naming the product type (a harness when it is left out).
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from allpetplus.builder import types as product_types
from allpetplus.builder.config import current_palette
from allpetplus.builder.preview import render_preview
from allpetplus.core import ratelimit
from allpetplus.core.http import request_client
from allpetplus.core.rest import answers_refusals, json_body


def _visitor(request: Request) -> str:
    return ratelimit.network_of(request_client(request))


async def _design(request: Request, palette):
    body = await json_body(request)
    return product_types.validate(body, palette, body.pop("type", product_types.DEFAULT_TYPE))


@answers_refusals
async def quote(request: Request) -> JSONResponse:
    """``POST /api/builder/quote``: the price breakdown of a configuration (JSON body)."""
    ratelimit.check("public-api", _visitor(request))
    config = await _design(request, current_palette())
    return JSONResponse({"type": type(config).product_type, "config": config.normalised(),
                         **product_types.quote(config).model_dump()})  # fmt: skip


@answers_refusals
async def preview(request: Request) -> JSONResponse:
    """``POST /api/builder/preview``: the GLB URL of a configuration, rendered if new (JSON body)."""
    ratelimit.check("public-api", _visitor(request))
    palette = current_palette()
    config = await _design(request, palette)
    url, cached = render_preview(config, palette)
    return JSONResponse({"url": url, "cached": cached})


routes = [
    Route("/api/builder/quote", quote, methods=["POST"]),
    Route("/api/builder/preview", preview, methods=["POST"]),
]
