"""``/dashboard/<app>``: each embeddable app in a frame, handed the signed-in identity when it is ready, and as
tall as the page inside it says it is (so the dashboard page is the only thing that scrolls)."""

import reflex as rx

from allpetplus.core import apps
from allpetplus.pages.dashboard.layout import dashboard_layout
from allpetplus.pages.site import MAIN
from allpetplus.state.auth import AuthState
from allpetplus.state.dashboard import EMBED_FRAME_ID, EMBED_FRAME_JS, EmbedHandoffState
from allpetplus.ui.postmessage import fit_frame_to_content, post_message_listener
from allpetplus.ui.theme import CARD_SHADOW


def embedded_app(url: str, title: str, on_ready) -> rx.Component:
    """An embedded app, the listener that hands it the signed-in identity when it says "ready", and the one
    that sizes the frame to the app's content."""
    return rx.box(
        post_message_listener(
            allowed_origin=url,
            source_js=EMBED_FRAME_JS,
            types=["ready"],
            announce="ping",
            on_message=on_ready,
        ),
        fit_frame_to_content(frame_id=EMBED_FRAME_ID, allowed_origin=url),
        rx.el.iframe(
            src=f"{url}/embed",
            id=EMBED_FRAME_ID,
            title=title,
            sandbox="allow-scripts allow-same-origin allow-forms allow-popups allow-downloads",
            # Until the app reports its height; then exactly that (``fit_frame_to_content``).
            style={"width": "100%", "height": "480px", "border": "0", "display": "block"},
        ),
        border="1px solid var(--gray-a5)",
        border_radius="var(--radius-4)",
        overflow="hidden",
        box_shadow=CARD_SHADOW,
        width="100%",
    )


def _embedded_tab(app: apps.AppInfo) -> None:
    """Register ``/dashboard/<app>``: the app embedded, with the identity handoff."""

    def tab() -> rx.Component:
        url = apps.url_of(app.name)
        return dashboard_layout(app.name, embedded_app(url, app.label, lambda message: EmbedHandoffState.app_ready(
            app.name, message)))  # fmt: skip

    tab.__name__ = f"{app.name}_tab"
    tab.__doc__ = f"The {app.label} app, embedded."
    MAIN.page(route=f"/dashboard/{app.name}", title=app.label, on_load=AuthState.require_user)(tab)


for _app in apps.embeddable():
    _embedded_tab(_app)
