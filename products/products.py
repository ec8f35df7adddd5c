"""The products Reflex app (port 3002)."""

import reflex as rx

from allpetplus.ui.backend import backend_api
from allpetplus.ui.template import head_components
from allpetplus.ui.theme import BASE_STYLE
from allpetplus.user.routes import sub_app_routes
from products import pages  # noqa: F401 - registers the pages

app = rx.App(
    style=BASE_STYLE,
    head_components=head_components(),
    api_transformer=backend_api("products", sub_app_routes("products")),
)
