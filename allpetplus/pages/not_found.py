"""The 404 page for any unknown address in the main app."""

import reflex as rx

from allpetplus.pages.site import MAIN
from allpetplus.ui.components import empty_state


@MAIN.page(route="404", title="Page not found")
def not_found() -> rx.Component:
    """A friendly dead end with a way back."""
    return empty_state(
        "map-pin-off",
        "This page has wandered off",
        "The address may be mistyped, or the page has moved. Let's get you back on the trail.",
        "Go to the shop",
        "/shop",
        id="page-not-found",
    )
