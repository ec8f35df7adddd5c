"""``/dashboard``: the owner's dashboard with its tabs, including the two embedded apps."""

import reflex as rx

from allpetplus.core import apps
from allpetplus.pages.site import MAIN
from allpetplus.state.auth import AuthState
from allpetplus.state.dashboard import DashboardState, EmbedHandoffState
from allpetplus.state.designs import DesignsState
from allpetplus.state.orders import OrdersState
from allpetplus.ui.components import empty_state
from allpetplus.ui.model_viewer import model_viewer
from allpetplus.ui.postmessage import post_message_listener
from allpetplus.ui.theme import CARD_SHADOW

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
                        rx.text(DashboardState.pet_count.to(str) + " pets on your profile", size="2"),
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


def design_card(d: rx.Var) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.cond(
                    DesignsState.renaming_id == d.id,
                    rx.form(
                        rx.hstack(
                            rx.input(name="name", default_value=d.name, size="2", auto_focus=True),
                            rx.button("Save", size="2", type="submit"),
                        ),
                        rx.cond(
                            DesignsState.rename_error != "",
                            rx.text(DesignsState.rename_error, color="var(--red-11)", size="1"),
                        ),
                        on_submit=DesignsState.rename,
                    ),
                    rx.heading(d.name, size="4", as_="h3", class_name="design-name"),
                ),
                rx.spacer(),
                rx.badge(
                    rx.cond(d.status == "ACTIVE", "Ready to order", "Draft"),
                    color_scheme=rx.cond(d.status == "ACTIVE", "teal", "gray"),
                ),
                width="100%",
                align="center",
            ),
            rx.text(
                d.style.to(str).capitalize()
                + " · size "
                + d.size.to(str)
                + rx.cond(d.pet_name != "", " · for " + d.pet_name.to(str), ""),
                size="2",
                color="var(--gray-11)",
            ),
            rx.cond(
                d.growth_alert != "",
                rx.callout(
                    d.growth_alert, icon="trending-up", color_scheme="amber", size="1", class_name="growth-alert"
                ),
            ),
            rx.hstack(
                rx.text(d.price, weight="bold"),
                rx.spacer(),
                rx.link(rx.button("Open", size="1"), href="/builder?design=" + d.id.to(str)),
                rx.button("Duplicate", size="1", variant="soft", on_click=DesignsState.duplicate(d.id)),
                rx.button("Rename", size="1", variant="soft", on_click=DesignsState.start_rename(d.id)),
                rx.button("Delete", size="1", variant="ghost", color_scheme="red", on_click=DesignsState.delete(d.id)),
                width="100%",
                align="center",
                wrap="wrap",
            ),
            spacing="2",
            width="100%",
        ),
        size="2",
        box_shadow=CARD_SHADOW,
        data_testid="design-card",
    )


@MAIN.page(route="/dashboard/designs", title="Designs", on_load=[AuthState.require_user, DesignsState.load])
def designs() -> rx.Component:
    """Saved harness designs."""
    return dashboard_layout(
        "designs",
        rx.cond(
            DesignsState.designs.length() > 0,
            rx.grid(
                rx.foreach(DesignsState.designs, design_card),
                columns=rx.breakpoints(initial="1", md="2"),
                spacing="4",
                width="100%",
            ),
            empty_state(
                "palette",
                "No designs yet",
                "Design a harness in your pet's colours and save it here to order it or come back later.",
                "Design a harness",
                "/builder",
            ),
        ),
    )


def timeline(order: rx.Var) -> rx.Component:
    return rx.vstack(
        rx.foreach(
            order.timeline,
            lambda e: rx.hstack(
                rx.box(width="10px", height="10px", border_radius="999px", background_color="var(--accent-9)"),
                rx.text(e["status"].to(str).replace("_", " "), weight="medium", size="2"),
                rx.text(e["at"].to(str).replace("T", " "), size="1", color="var(--gray-10)"),
                rx.text(e["note"].to(str), size="2", color="var(--gray-11)"),
                align="center",
                class_name="timeline-entry",
            ),
        ),
        spacing="1",
    )


def order_card(order: rx.Var) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.heading(order.reference, size="4", as_="h3"),
                rx.badge(order.status.to(str).replace("_", " "), class_name="order-status"),
                rx.spacer(),
                rx.text(order.total, weight="bold"),
                width="100%",
                align="center",
            ),
            rx.foreach(
                order.lines,
                lambda line: rx.vstack(
                    rx.text(line.quantity.to(str) + " × " + line.title, size="2"),
                    rx.cond(
                        (line.kind == "design") & (line.preview_url != ""),
                        rx.box(
                            model_viewer(
                                line.preview_url, "The harness as ordered", style={"width": "100%", "height": "220px"}
                            ),
                            rx.text(
                                "As ordered: later edits to the design don't change this order.",
                                size="1",
                                color="var(--gray-10)",
                            ),
                            width="100%",
                            class_name="frozen-design",
                        ),
                    ),
                    width="100%",
                    spacing="1",
                ),
            ),
            timeline(order),
            rx.cond(
                order.tracking_number != "",
                rx.text(
                    "Shipped with " + order.carrier.to(str) + ": ",
                    rx.link(
                        order.tracking_number, href=order.tracking_url, is_external=True, class_name="tracking-link"
                    ),
                    size="2",
                ),
            ),
            spacing="2",
            width="100%",
        ),
        size="2",
        box_shadow=CARD_SHADOW,
        width="100%",
        data_testid="order-card",
    )


@MAIN.page(route="/dashboard/orders", title="Orders", on_load=[AuthState.require_user, OrdersState.load])
def orders() -> rx.Component:
    """The user's orders with their timelines and tracking."""
    return dashboard_layout(
        "orders",
        rx.cond(
            OrdersState.orders.length() > 0,
            rx.vstack(rx.foreach(OrdersState.orders, order_card), width="100%", spacing="3"),
            empty_state(
                "package",
                "No orders yet",
                "When you order, you'll follow every step here, from production to delivery.",
                "Go shopping",
                "/shop",
            ),
        ),
    )


def embedded_app(url: str, title: str, on_ready) -> rx.Component:
    """An embedded app and the listener that hands it the signed-in identity when it says "ready"."""
    return rx.box(
        post_message_listener(
            allowed_origin=url,
            source_js="document.getElementById('embedded-app')?.contentWindow",
            types=["ready"],
            announce="ping",
            on_message=on_ready,
        ),
        rx.el.iframe(
            src=f"{url}/embed",
            id="embedded-app",
            title=title,
            sandbox="allow-scripts allow-same-origin allow-forms allow-popups allow-downloads",
            style={"width": "100%", "height": "760px", "border": "0", "border_radius": "var(--radius-4)"},
        ),
        border="1px solid var(--gray-a5)",
        border_radius="var(--radius-4)",
        overflow="hidden",
        box_shadow=CARD_SHADOW,
        width="100%",
    )


def _embedded_tab(app: apps.AppInfo) -> None:
    """Register ``/dashboard/<app>``: the app embedded, with the identity handoff."""

    def tab() -> rx.Component:
        url = apps.url_of(app.name)
        return dashboard_layout(app.name, embedded_app(url, app.label, lambda message: EmbedHandoffState.app_ready(
            app.name, message)))  # fmt: skip

    tab.__name__ = f"{app.name}_tab"
    tab.__doc__ = f"The {app.label} app, embedded."
    MAIN.page(route=f"/dashboard/{app.name}", title=app.label, on_load=AuthState.require_user)(tab)


for _app in apps.embeddable():
    _embedded_tab(_app)
