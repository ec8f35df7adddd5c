"""The products site's identity, navigation and cart button."""

import reflex as rx

from allpetplus.core.settings import settings
from allpetplus.ui.template import NavLink, Site
from products.state.shop import ShopperState


def cart_and_account() -> rx.Component:
    """The cart with its item count, and who is shopping."""
    return rx.hstack(
        rx.cond(
            ShopperState.signed_in,
            rx.text(ShopperState.display_name, size="2", color="var(--gray-11)", id="shopper-name"),
            rx.link("Sign in", href=ShopperState.sign_in_url, size="2", id="shopper-sign-in"),
        ),
        rx.link(
            rx.button(
                rx.icon("shopping-cart", size=18),
                "Cart",
                rx.cond(ShopperState.cart_items > 0, rx.badge(ShopperState.cart_items, id="cart-count")),
                size="3",
            ),
            href="/cart",
        ),
        spacing="4",
        align="center",
    )


PRODUCTS = Site(
    app="products",
    name="All Pet Plus Products",
    tagline="Beds, bowls, toys and grooming for dogs and cats — and matching sets for every walk.",
    icon="shopping-bag",
    links=(
        NavLink("Catalog", "/catalog"),
        NavLink("Matching sets", "/sets"),
        NavLink("Boxes", "/boxes"),
        NavLink("Custom harness", settings.MAIN_URL + "/builder", external=True),
    ),
    account=cart_and_account,
    on_every_load=(ShopperState.identify_shopper,),
)
