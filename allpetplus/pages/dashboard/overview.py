"""``/dashboard``: the primary pet, recent designs and recent orders."""

import reflex as rx

from allpetplus.pages.dashboard.layout import dashboard_layout
from allpetplus.pages.site import MAIN
from allpetplus.state.auth import AuthState
from allpetplus.state.dashboard import DashboardState
from allpetplus.ui.theme import CARD_SHADOW


def stat_card(title: str, body: rx.Component, href: str, link_label: str) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.text(title, size="2", weight="bold", color="var(--gray-11)", text_transform="uppercase"),
            body,
            rx.spacer(),
            rx.link(link_label + " →", href=href, size="2", weight="medium"),
            spacing="3",
            height="100%",
            align="start",
        ),
        size="3",
        box_shadow=CARD_SHADOW,
    )


@MAIN.page(route="/dashboard", title="Dashboard", on_load=[AuthState.require_user, DashboardState.load_overview])
def overview() -> rx.Component:
    """Primary pet, recent designs and recent orders."""
    pet = DashboardState.primary_pet
    return dashboard_layout(
        "overview",
        rx.grid(
            stat_card(
                "Primary pet",
                rx.cond(
                    pet,
                    rx.vstack(
                        rx.heading(pet.name, size="6", id="primary-pet-name"),
                        rx.text(pet.breed + " · " + pet.age, color="var(--gray-11)"),
                        rx.text(DashboardState.pets_on_profile, size="2"),
                        spacing="1",
                    ),
                    rx.text("Add your pet so we can size harnesses for them.", color="var(--gray-11)"),
                ),
                "/dashboard/pets",
                "Manage pets",
            ),
            stat_card(
                "Recent designs",
                rx.cond(
                    DashboardState.recent_designs.length() > 0,
                    rx.vstack(
                        rx.foreach(
                            DashboardState.recent_designs,
                            lambda d: rx.hstack(rx.text(d.name), rx.spacer(), rx.text(d.price), width="100%"),
                        ),
                        width="100%",
                    ),
                    rx.text("No saved designs yet.", color="var(--gray-11)"),
                ),
                "/dashboard/designs",
                "All designs",
            ),
            stat_card(
                "Recent orders",
                rx.cond(
                    DashboardState.recent_orders.length() > 0,
                    rx.vstack(
                        rx.foreach(
                            DashboardState.recent_orders,
                            lambda o: rx.hstack(rx.text(o.reference), rx.spacer(), rx.badge(o.status), width="100%"),
                        ),
                        width="100%",
                    ),
                    rx.text("No orders yet.", color="var(--gray-11)"),
                ),
                "/dashboard/orders",
                "All orders",
            ),
            columns=rx.breakpoints(initial="1", md="3"),
            spacing="4",
            width="100%",
        ),
    )
