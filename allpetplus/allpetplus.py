"""The main Reflex app (port 3000): storefront, product pages, and the backend REST routes."""

import reflex as rx

from allpetplus import pages  # noqa: F401 - registers the pages
from allpetplus.builder.routes import routes as builder_routes
from allpetplus.catalog.routes import routes as catalog_routes
from allpetplus.core import metrics
from allpetplus.document.routes import routes as document_routes
from allpetplus.pet.routes import routes as pet_routes
from allpetplus.ui.backend import backend_api
from allpetplus.ui.template import head_components
from allpetplus.ui.theme import BASE_STYLE
from allpetplus.user.routes import routes as user_routes
from allpetplus.webhook.routes import routes as webhook_routes

app = rx.App(
    style=BASE_STYLE,
    head_components=head_components(),
    api_transformer=backend_api(
        "allpetplus",
        [
            *metrics.routes,
            *catalog_routes,
            *builder_routes,
            *user_routes,
            *pet_routes,
            *document_routes,
            *webhook_routes,
        ],
    ),
)
