"""``/cart``, ``/checkout`` and ``/order/placed`` of the products app."""

import reflex as rx

from allpetplus.cart.pricing import shipping_countries
from allpetplus.ui.components import amount_row, empty_state, panel
from allpetplus.ui.forms import field_error, form_alert, text_field
from allpetplus.ui.theme import CARD_SHADOW
from products.pages.site import PRODUCTS
from products.state.shop import CartState


def totals_card(extra: rx.Component | None = None) -> rx.Component:
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


@PRODUCTS.page(route="/checkout", title="Checkout", on_load=CartState.load)
def checkout_page() -> rx.Component:
    """Address and payment (pay on invoice)."""
    errors = CartState.errors
    return rx.vstack(
        rx.heading("Checkout", size="8", as_="h1"),
        rx.grid(
            rx.card(
                rx.form(
                    rx.vstack(
                        form_alert(errors),
                        field_error(errors, "cart"),
                        field_error(errors, "code"),
                        text_field(
                            "E-mail for the receipt", "email", errors, type="email", default_value=CartState.email
                        ),
                        text_field("Full name", "name", errors, default_value=CartState.display_name),
                        text_field("Street address", "line1", errors),
                        text_field("Apartment, suite (optional)", "line2", errors),
                        rx.grid(
                            text_field("City", "city", errors),
                            text_field("State / province", "region", errors),
                            columns="2",
                            spacing="3",
                            width="100%",
                        ),
                        rx.grid(
                            text_field("ZIP / postal code", "postal_code", errors),
                            text_field(
                                f"Country ({' or '.join(shipping_countries())})", "country", errors, default_value="US"
                            ),
                            columns="2",
                            spacing="3",
                            width="100%",
                        ),
                        rx.callout(
                            "Pay on invoice: we send the invoice by e-mail and ship once it is paid.", icon="receipt"
                        ),
                        rx.button("Place order", type="submit", size="3", id="place-order"),
                        spacing="3",
                        width="100%",
                    ),
                    on_submit=CartState.place_order,
                ),
                size="3",
                box_shadow=CARD_SHADOW,
            ),
            rx.cond(CartState.totals, totals_card()),
            columns=rx.breakpoints(initial="1", md="2"),
            spacing="5",
            width="100%",
        ),
        spacing="4",
        padding_y="2rem",
        width="100%",
    )


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
