"""``/embed``: the licensing app inside the dashboard's Licensing tab (no public chrome)."""

import reflex as rx

from allpetplus.core.settings import settings
from allpetplus.ui.components import empty_state
from allpetplus.ui.embed import EmbedState, embedded_shell


def my_licences() -> rx.Component:
    return rx.vstack(
        rx.heading("Your pet licences", size="6", as_="h2"),
        empty_state(
            "badge-check",
            "No licences yet",
            "Licensing your pet takes about ten minutes: have the rabies certificate and, for the lower fee, "
            "proof of spay or neuter ready.",
            "Read how it works",
            settings.LICENSING_URL + "/#how-it-works",
            action_target="_blank",
        ),
        width="100%",
    )


@rx.page(route="/embed", title="Pet Licensing", on_load=EmbedState.request_identity)
def embed() -> rx.Component:
    """The embedded licensing overview."""
    return embedded_shell("Pet Licensing", "licensing", my_licences)
