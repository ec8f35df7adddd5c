"""Builder REST routes: price a configuration, and get its 3D preview (both refuse invalid designs)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from allpetplus.builder.config import current_palette, validate_config
from allpetplus.builder.preview import render_preview
from allpetplus.builder.pricing import quote_harness
from allpetplus.core import ratelimit
from allpetplus.core.http import request_client
from allpetplus.core.rest import answers_refusals, json_body


def _visitor(request: Request) -> str:
    return ratelimit.network_of(request_client(request))


@answers_refusals
async def quote(request: Request) -> JSONResponse:
    """``POST /api/builder/quote``: the price breakdown of a configuration (JSON body)."""
    ratelimit.check("public-api", _visitor(request))
    config = validate_config(await json_body(request), current_palette())
    return JSONResponse({"config": config.normalised(), **quote_harness(config).model_dump()})


@answers_refusals
async def preview(request: Request) -> JSONResponse:
    """``POST /api/builder/preview``: the GLB URL of a configuration, rendered if new (JSON body)."""
    ratelimit.check("public-api", _visitor(request))
    palette = current_palette()
    config = validate_config(await json_body(request), palette)
    url, cached = render_preview(config, palette)
    return JSONResponse({"url": url, "cached": cached})


routes = [
    Route("/api/builder/quote", quote, methods=["POST"]),
    Route("/api/builder/preview", preview, methods=["POST"]),
]
