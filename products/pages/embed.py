"""``/embed``: the products app inside the dashboard's Products tab (no public chrome)."""

import reflex as rx

from allpetplus.core.settings import settings
from allpetplus.ui.components import empty_state
from allpetplus.ui.embed import EmbedState, embedded_shell
from products.state.orders import EmbeddedOrdersState


def my_orders() -> rx.Component:
    return rx.vstack(
        rx.heading("Your product orders", size="6", as_="h2"),
        rx.cond(
            EmbeddedOrdersState.orders.length() > 0,
            rx.vstack(
                rx.foreach(
                    EmbeddedOrdersState.orders,
                    lambda o: rx.card(
                        rx.hstack(
                            rx.text(o.reference, weight="bold"), rx.badge(o.status), rx.spacer(), rx.text(o.total)
                        ),
                        width="100%",
                    ),
                ),
                width="100%",
            ),
            empty_state(
                "shopping-bag",
                "No orders yet",
                "Beds, bowls, toys and grooming for dogs and cats, plus collars and leashes that match your harness.",
                "Browse products",
                settings.PRODUCTS_URL,
                action_target="_blank",
            ),
        ),
        width="100%",
    )


@rx.page(route="/embed", title="All Pet Plus Products", on_load=EmbedState.request_identity)
def embed() -> rx.Component:
    """The embedded products overview."""
    return embedded_shell("All Pet Plus Products", "products", my_orders, on_identity=EmbeddedOrdersState.load)
