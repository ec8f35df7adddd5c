"""``/order/placed``: the confirmation right after checkout: what was bought, how the total adds up, and
where to follow the order."""

import reflex as rx

from allpetplus.core.settings import settings
from allpetplus.storefront.shopper import ShopperState
from allpetplus.ui.components import amount_row, empty_state, panel
from products.pages.site import PRODUCTS
from products.state.shop import CartState


def totals(order: rx.Var) -> rx.Component:
    """Subtotal, discount, shipping and tax adding up to the total."""
    return rx.vstack(
        amount_row("Subtotal", order.subtotal),
        rx.cond(
            order.has_discount, amount_row("Discounts", order.discount, id="order-discount", color="var(--green-11)")
        ),  # fmt: skip
        amount_row("Shipping", order.shipping),
        amount_row("Tax", order.tax),
        rx.divider(),
        rx.hstack(
            rx.text("Total", weight="bold"),
            rx.spacer(),
            rx.text(order.total, weight="bold", id="order-total"),
            width="100%",
        ),
        spacing="2",
        width="100%",
    )


@PRODUCTS.page(route="/order/placed", title="Thank you", on_load=CartState.follow_payment)
def placed_page() -> rx.Component:
    """The confirmation right after checkout."""
    order = CartState.placed
    return rx.cond(
        order,
        rx.vstack(
            rx.heading("Thank you! Your order is placed.", size="8", as_="h1"),
            rx.hstack(
                rx.text("Order ", rx.text.strong(order.reference, id="order-reference")),
                rx.badge(order.status_label, id="order-status", size="2"),
                align="center",
                wrap="wrap",
            ),
            panel(
                rx.vstack(
                    rx.foreach(
                        order.lines,
                        lambda line: amount_row(
                            line.quantity.to(str) + " × " + line.title, line.amount, class_name="placed-line"
                        ),  # fmt: skip
                    ),
                    rx.divider(),
                    totals(order),
                    spacing="2",
                    width="100%",
                )
            ),
            rx.text("We have e-mailed the details to " + order.email.to(str) + ".", color="var(--gray-11)"),
            rx.cond(
                ShopperState.signed_in,
                rx.link(
                    rx.button("Follow your order", size="3"),
                    href=f"{settings.MAIN_URL}/dashboard/orders",
                    id="follow-order",
                ),
                rx.text(
                    "Create an account with this e-mail to follow it in your dashboard.",
                    size="2",
                    color="var(--gray-11)",
                ),  # fmt: skip
            ),
            spacing="4",
            padding_y="2rem",
            width="100%",
            max_width="640px",
        ),
        empty_state(
            "package",
            "No order to show",
            "Your recent order appears in your dashboard.",
            "Back to the shop",
            f"{settings.MAIN_URL}/shop",
        ),
    )
