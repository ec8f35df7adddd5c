"""The cart and account controls of every app's header, over ``ShopperState``: the same cart button, with its
count, whichever app a person is in."""

from __future__ import annotations

import reflex as rx

from allpetplus.core.settings import settings
from allpetplus.storefront.shopper import ShopperState


def cart_button() -> rx.Component:
    """The cart, with how many items it holds; one click to the cart page."""
    return rx.link(
        rx.button(
            rx.icon("shopping-cart", size=18),
            rx.text("Cart", display=rx.breakpoints(initial="none", sm="inline")),
            rx.cond(
                ShopperState.cart_items > 0,
                rx.badge(ShopperState.cart_items, id="cart-count", variant="solid", radius="full"),
            ),
            size="3",
            variant="soft",
            aria_label=ShopperState.cart_label,
        ),
        href=ShopperState.cart_url,
        id="cart-button",
    )


def shopper_account() -> rx.Component:
    """For an app without its own account menu: who is signed in (to their dashboard), or Sign in."""
    return rx.cond(
        ShopperState.signed_in,
        rx.link(
            rx.button(
                rx.icon("circle-user", size=18),
                rx.text(
                    ShopperState.display_name,
                    max_width="10rem",
                    truncate=True,
                    display=rx.breakpoints(initial="none", sm="inline"),
                ),  # fmt: skip
                variant="soft",
                size="3",
                aria_label="Your dashboard",
            ),
            href=f"{settings.MAIN_URL}/dashboard",
            id="shopper-name",
        ),
        rx.link(
            rx.button("Sign in", variant="soft", size="3"),
            href=ShopperState.sign_in_url,
            id="shopper-sign-in",
            display=rx.breakpoints(initial="none", sm="block"),
        ),  # fmt: skip
    )


def shopper_menu_items() -> rx.Component:
    """The account in the phone's menu: the dashboard, or Sign in."""
    return rx.cond(
        ShopperState.signed_in,
        rx.menu.item(rx.link("Your dashboard", href=f"{settings.MAIN_URL}/dashboard", color="inherit", width="100%")),
        rx.menu.item(rx.link("Sign in", href=ShopperState.sign_in_url, color="inherit", width="100%")),
    )


def cart_and_account() -> rx.Component:
    """The header's right-hand side in an app that shows the shopper only."""
    return rx.hstack(shopper_account(), cart_button(), spacing="2", align="center")
