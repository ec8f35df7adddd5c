"""The 404 page of the products site."""

import reflex as rx

from allpetplus.ui.components import empty_state
from products.pages.site import PRODUCTS


@PRODUCTS.page(route="404", title="Page not found")
def not_found() -> rx.Component:
    """A friendly dead end with a way back."""
    return empty_state(
        "map-pin-off",
        "Page not found",
        "That address does not exist on the products site.",
        "Back to products",
        "/",
        id="page-not-found",
    )
