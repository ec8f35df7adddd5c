"""``/cart``: the cart, its order summary and its discount code."""

import reflex as rx

from allpetplus.ui.components import amount_row, empty_state, panel, thumbnail
from products.pages.site import PRODUCTS
from products.state.shop import CartState


def totals_card(extra: rx.Component | None = None) -> rx.Component:
    """The cart's totals line by line (the checkout shows them too), with ``extra`` under them."""
    totals = CartState.totals
    return panel(
        rx.vstack(
            rx.heading("Order summary", size="4", as_="h2"),
            rx.foreach(
                totals.totals,
                lambda t: amount_row(t.label, t.amount, class_name="total-line", data_code=t.code),
            ),
            rx.divider(),
            rx.hstack(
                rx.text("Total", weight="bold"),
                rx.spacer(),
                rx.heading(totals.total, size="6", id="cart-total"),
                width="100%",
            ),
            *([extra] if extra is not None else []),
            spacing="2",
            width="100%",
        ),
    )


def attached_code() -> rx.Component:
    """The cart's discount code, why it does not apply now (if so), and a way to take it off."""
    totals = CartState.totals
    return rx.cond(
        totals.code != "",
        rx.hstack(
            rx.vstack(
                rx.text("Code ", rx.text.strong(totals.code), size="2"),
                rx.cond(
                    totals.code_problem != "",
                    rx.text(totals.code_problem, size="2", color="var(--amber-11)", id="code-problem"),
                ),
                spacing="0",
            ),
            rx.spacer(),
            rx.button("Remove", size="1", variant="ghost", on_click=CartState.remove_code, id="remove-code"),
            width="100%",
            align="center",
        ),
    )


def cart_line(line: rx.Var) -> rx.Component:
    return rx.card(
        rx.hstack(
            rx.cond(
                line.image != "",
                thumbnail(line.image, line.image_alt, flex_shrink="0", loading="eager"),
            ),
            rx.vstack(
                rx.text(line.title, weight="bold"),
                rx.hstack(
                    rx.text(line.sku, size="1", color="var(--gray-10)"),
                    rx.cond(line.set_group != "", rx.badge("matching set", color_scheme="orange")),
                ),
                rx.cond(~line.available, rx.text(line.note, size="2", color="var(--red-11)")),
                spacing="1",
            ),
            rx.spacer(),
            rx.hstack(
                rx.icon_button(
                    rx.icon("minus", size=14),
                    size="1",
                    variant="soft",
                    on_click=CartState.change_quantity(line.id, line.quantity - 1),
                    aria_label="One less",
                ),
                rx.text(line.quantity, class_name="line-quantity"),
                rx.icon_button(
                    rx.icon("plus", size=14),
                    size="1",
                    variant="soft",
                    on_click=CartState.change_quantity(line.id, line.quantity + 1),
                    aria_label="One more",
                ),
                align="center",
            ),
            rx.text(line.amount, width="5rem", text_align="right"),
            rx.icon_button(
                rx.icon("trash-2", size=14),
                size="1",
                variant="ghost",
                color_scheme="red",
                on_click=CartState.remove(line.id),
                aria_label="Remove",
            ),
            align="center",
            width="100%",
        ),
        width="100%",
        data_testid="cart-line",
    )


@PRODUCTS.page(route="/cart", title="Your cart", on_load=CartState.load)
def cart_page() -> rx.Component:
    """The cart."""
    return rx.vstack(
        rx.heading("Your cart", size="8", as_="h1"),
        rx.cond(CartState.merged_notice != "", rx.callout(CartState.merged_notice, icon="info", id="merged-notice")),
        rx.cond(
            CartState.totals & (CartState.totals.lines.length() > 0),
            rx.grid(
                rx.vstack(rx.foreach(CartState.totals.lines, cart_line), width="100%"),
                rx.vstack(
                    totals_card(
                        rx.vstack(
                            rx.form(
                                rx.hstack(
                                    rx.input(name="code", placeholder="Discount code", id="code"),
                                    rx.button("Apply", type="submit", variant="soft"),
                                ),
                                on_submit=CartState.apply_code,
                            ),
                            rx.cond(
                                CartState.code_error != "",
                                rx.text(
                                    CartState.code_error,
                                    color="var(--red-11)",
                                    size="2",
                                    role="alert",
                                    data_error_for="code",
                                ),
                            ),
                            attached_code(),
                            rx.link(rx.button("Check out", size="3", width="100%"), href="/checkout", width="100%"),
                            spacing="2",
                            width="100%",
                        )
                    ),
                    width="100%",
                ),
                columns=rx.breakpoints(initial="1", md="2"),
                spacing="5",
                width="100%",
            ),
            empty_state(
                "shopping-cart",
                "Your cart is empty",
                "Find something your pet will love.",
                "Browse the catalog",
                "/catalog",
            ),
        ),
        spacing="4",
        padding_y="2rem",
        width="100%",
    )
