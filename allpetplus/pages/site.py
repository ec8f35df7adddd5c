"""The main app's identity, navigation and account menu."""

import reflex as rx

from allpetplus.state.auth import AuthState
from allpetplus.storefront.header import cart_button
from allpetplus.ui.template import Site


def account_menu() -> rx.Component:
    """Sign-in for visitors; a menu with the dashboard, account and sign-out for members."""
    return rx.cond(
        AuthState.signed_in,
        rx.menu.root(
            rx.menu.trigger(
                rx.button(
                    rx.icon("circle-user", size=18),
                    rx.text(
                        AuthState.display_name,
                        max_width="12rem",
                        truncate=True,
                        display=rx.breakpoints(initial="none", sm="inline"),
                    ),  # fmt: skip
                    rx.icon("chevron-down", size=14, display=rx.breakpoints(initial="none", sm="block")),
                    variant="soft",
                    size="3",
                    id="account-menu",
                    aria_label="Your account",
                )
            ),
            rx.menu.content(
                rx.menu.item(rx.link("Dashboard", href="/dashboard", color="inherit", width="100%")),
                rx.menu.item(rx.link("My pets", href="/dashboard/pets", color="inherit", width="100%")),
                rx.menu.item(rx.link("Account settings", href="/account", color="inherit", width="100%")),
                rx.cond(
                    AuthState.is_admin,
                    rx.menu.item(rx.link("Staff area", href="/admin", color="inherit", width="100%")),
                ),
                rx.menu.separator(),
                rx.menu.item("Sign out", on_click=AuthState.sign_out, color="var(--red-11)"),
            ),
        ),
        rx.hstack(
            rx.link(
                rx.button("Sign in", variant="soft", size="3"),
                href=AuthState.sign_in_url,
                display=rx.breakpoints(initial="none", sm="block"),
            ),  # fmt: skip
            rx.link(
                rx.button("Create account", size="3"),
                href="/sign-up",
                display=rx.breakpoints(initial="none", sm="block"),
            ),  # fmt: skip
            spacing="2",
        ),
    )


def phone_menu_items() -> rx.Component:
    """What the header's account buttons do, in the phone's menu."""
    return rx.cond(
        AuthState.signed_in,
        rx.fragment(
            rx.menu.item(rx.link("Dashboard", href="/dashboard", color="inherit", width="100%")),
            rx.menu.item(rx.link("Account settings", href="/account", color="inherit", width="100%")),
        ),
        rx.fragment(
            rx.menu.item(rx.link("Sign in", href=AuthState.sign_in_url, color="inherit", width="100%")),
            rx.menu.item(rx.link("Create account", href="/sign-up", color="inherit", width="100%")),
        ),
    )


def header_controls() -> rx.Component:
    """The cart and the account menu."""
    return rx.hstack(account_menu(), cart_button(), spacing="2", align="center")


MAIN = Site(
    app="allpetplus",
    section="",
    tagline="Harnesses built to fit your dog, and everything else your pets need.",
    icon="paw-print",
    account=header_controls,
    menu=phone_menu_items,
    on_every_load=(AuthState.load_user,),
)
