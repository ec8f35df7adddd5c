"""The 404 page of the licensing site."""

import reflex as rx

from allpetplus.ui.components import empty_state
from licensing.pages.site import LICENSING


@LICENSING.page(route="404", title="Page not found")
def not_found() -> rx.Component:
    """A friendly dead end with a way back."""
    return empty_state(
        "map-pin-off",
        "Page not found",
        "That address does not exist on the licensing site.",
        "Back to licensing",
        "/",
        id="page-not-found",
    )
