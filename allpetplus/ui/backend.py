"""The backend of every Reflex app: its health and REST routes behind the shared HTTP middleware, with every
websocket state event checked and timed."""

from __future__ import annotations

from collections.abc import Sequence

from reflex_base.registry import RegistrationContext
from reflex_base.utils.exceptions import ReflexRuntimeError
from starlette.applications import Starlette
from starlette.routing import BaseRoute

from allpetplus.core import health
from allpetplus.core.http import limit_request_bodies, request_context, tune_garbage_collector
from allpetplus.core.metrics import PageRoute
from allpetplus.core.sentry import init_sentry
from allpetplus.seo import sitemap
from allpetplus.seo.middleware import public_pages
from allpetplus.ui.state_events import guard_state_events, time_state_events


def backend_api(app_name: str, routes: Sequence[BaseRoute] = ()) -> list:
    """The ``api_transformer`` of an app: the health, sitemap and REST routes first, then each public page's
    first HTML (``allpetplus.seo``) and the shared middleware (which also times every request); every websocket
    state event has its arguments checked and is timed."""
    guard_state_events()
    time_state_events(app_name)
    init_sentry(app_name)
    return [
        Starlette(routes=[*health.routes, *sitemap.routes(app_name), *routes]),
        public_pages(app_name),
        limit_request_bodies,
        request_context(app_name, current_page_route),
        tune_garbage_collector,
    ]


def current_page_route() -> PageRoute | None:
    """Reflex's page matcher for the app serving this request (``None`` outside a Reflex app)."""
    try:
        return RegistrationContext.get().app.router
    except (LookupError, ReflexRuntimeError):
        return None
