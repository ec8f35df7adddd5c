"""The frame of every dashboard tab: the greeting, the tab bar, then the tab's content."""

import reflex as rx

from allpetplus.core import apps
from allpetplus.state.auth import AuthState

TABS = (
    ("overview", "Overview", "layout-dashboard", "/dashboard"),
    ("pets", "Pets", "paw-print", "/dashboard/pets"),
    ("designs", "Designs", "palette", "/dashboard/designs"),
    ("orders", "Orders", "package", "/dashboard/orders"),
    *((app.name, app.label, app.tab_icon, f"/dashboard/{app.name}") for app in apps.embeddable()),
)


def tab_bar(active: str) -> rx.Component:
    def tab(key: str, label: str, icon: str, href: str) -> rx.Component:
        selected = key == active
        return rx.link(
            rx.hstack(rx.icon(icon, size=16), rx.text(label, size="2", weight="medium"), spacing="2", align="center"),
            href=href,
            padding_x="0.9rem",
            padding_y="0.55rem",
            border_radius="var(--radius-3)",
            color="var(--accent-12)" if selected else "var(--gray-11)",
            background_color="var(--accent-4)" if selected else "transparent",
            _hover={"background_color": "var(--accent-3)"},
            aria_current="page" if selected else None,
            data_tab=key,
        )

    return rx.el.nav(rx.flex(*(tab(*t) for t in TABS), wrap="wrap", gap="0.25rem"), aria_label="Dashboard")


def dashboard_layout(active: str, *content: rx.Component) -> rx.Component:
    """The dashboard frame: greeting, tabs, then the tab's content (only for signed-in users)."""
    return rx.cond(
        AuthState.signed_in,
        rx.vstack(
            rx.hstack(
                rx.heading("Hi, " + AuthState.display_name, size="7", as_="h1", id="dashboard-greeting"),
                rx.spacer(),
                rx.link("Account settings", href="/account", size="2"),
                width="100%",
                align="center",
            ),
            tab_bar(active),
            rx.box(*content, width="100%", padding_top="0.5rem"),
            spacing="4",
            padding_y="2rem",
            width="100%",
        ),
        rx.center(rx.spinner(size="3"), padding_y="6rem"),
    )
