"""``/order/placed``: the confirmation right after checkout."""

import reflex as rx

from allpetplus.ui.components import amount_row, empty_state
from products.pages.site import PRODUCTS
from products.state.shop import CartState


@PRODUCTS.page(route="/order/placed", title="Thank you")
def placed_page() -> rx.Component:
    """The confirmation right after checkout."""
    order = CartState.placed
    return rx.cond(
        order,
        rx.vstack(
            rx.heading("Thank you! Your order is placed.", size="8", as_="h1"),
            rx.text(
                "Order ",
                rx.text.strong(order.reference, id="order-reference"),
                " · ",
                rx.badge(order.status.to(str).replace("_", " "), id="order-status"),
            ),
            rx.foreach(
                order.lines,
                lambda line: amount_row(line.title, line.amount),
            ),
            rx.divider(),
            rx.hstack(
                rx.text("Total", weight="bold"),
                rx.spacer(),
                rx.text(order.total, weight="bold", id="order-total"),
                width="100%",
            ),
            rx.text("We'll e-mail the invoice to " + order.email.to(str) + ".", color="var(--gray-11)"),
            spacing="3",
            padding_y="2rem",
            width="100%",
            max_width="640px",
        ),
        empty_state(
            "package",
            "No order to show",
            "Your recent order appears in your dashboard.",
            "Back to the catalog",
            "/catalog",
        ),
    )
