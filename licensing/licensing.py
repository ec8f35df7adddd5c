"""The licensing Reflex app (port 3001)."""

import reflex as rx

from allpetplus.document.routes import routes as document_routes
from allpetplus.ui.backend import backend_api
from allpetplus.ui.template import head_components
from allpetplus.ui.theme import BASE_STYLE
from allpetplus.user.routes import sub_app_routes
from licensing import pages  # noqa: F401 - registers the pages

app = rx.App(
    style=BASE_STYLE,
    head_components=head_components(),
    api_transformer=backend_api("licensing", [*sub_app_routes("licensing"), *document_routes]),
)
