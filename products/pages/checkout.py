"""``/checkout``: address and payment (by card on Stripe's page when it is set up, or on invoice)."""

import reflex as rx

from allpetplus.cart.pricing import shipping_countries
from allpetplus.ui.forms import field_error, form_alert, payment_choice, text_field
from allpetplus.ui.theme import CARD_SHADOW
from products.pages.cart import totals_card
from products.pages.site import PRODUCTS
from products.state.shop import CartState


@PRODUCTS.page(route="/checkout", title="Checkout", on_load=CartState.load)
def checkout_page() -> rx.Component:
    """Address and payment."""
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
                        payment_choice(CartState.card_payments, CartState.invoice_terms),
                        field_error(errors, "provider"),
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
