"""``/dashboard/orders``: the user's orders with their timelines and tracking."""

import reflex as rx

from allpetplus.pages.dashboard.layout import dashboard_layout
from allpetplus.pages.site import MAIN
from allpetplus.state.auth import AuthState
from allpetplus.state.orders import OrdersState
from allpetplus.ui.components import confirm_dialog, empty_state, local_time, thumbnail
from allpetplus.ui.model_viewer import model_viewer
from allpetplus.ui.theme import CARD_SHADOW

#: The 3D viewer of an ordered harness, shown until its picture is rendered.
ORDERED_VIEWER = {"width": "100%", "maxWidth": "440px", "height": "220px"}


def timeline(order: rx.Var) -> rx.Component:
    return rx.vstack(
        rx.foreach(
            order.timeline,
            lambda e: rx.hstack(
                rx.box(width="10px", height="10px", border_radius="999px", background_color="var(--accent-9)"),
                rx.text(e["label"].to(str), weight="medium", size="2"),
                local_time(e["at"].to(str), size="1", color="var(--gray-10)"),
                rx.text(e["note"].to(str), size="2", color="var(--gray-11)"),
                align="center",
                flex_wrap="wrap",
                class_name="timeline-entry",
            ),
        ),
        spacing="1",
    )


def order_card(order: rx.Var) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.heading(order.reference, size="4", as_="h3", white_space="nowrap"),
                rx.badge(order.status_label, class_name="order-status"),
                rx.spacer(),
                rx.text(order.total, weight="bold"),
                rx.text("Placed ", local_time(order.placed_at, with_time=False), size="1", color="var(--gray-10)"),
                rx.cond(
                    order.payable,
                    rx.button("Pay by card", size="1", on_click=OrdersState.pay(order.id), class_name="pay-order"),
                ),
                rx.cond(
                    OrdersState.cancellable_ids.contains(order.id),
                    rx.button(
                        "Cancel order",
                        size="1",
                        variant="soft",
                        color_scheme="red",
                        on_click=OrdersState.ask_cancel(order.id),
                        class_name="cancel-order",
                    ),
                ),
                width="100%",
                align="center",
                flex_wrap="wrap",  # on a phone the total and the cancel button go to a line of their own
            ),
            rx.foreach(
                order.lines,
                lambda line: rx.vstack(
                    rx.hstack(
                        rx.cond(
                            (line.image != "") & (line.kind != "design"),
                            thumbnail(
                                line.image,
                                line.image_alt,
                                "56px",
                                border_radius="var(--radius-2)",
                                class_name="line-picture",
                            ),  # fmt: skip
                        ),
                        rx.text(line.quantity.to(str) + " × " + line.title, size="2"),
                        align="center",
                    ),
                    rx.cond(
                        (line.kind == "design") & ((line.image != "") | (line.preview_url != "")),
                        rx.box(
                            # Its picture; its 3D model on request (or while the picture is being rendered).
                            rx.cond(
                                (line.image != "") & (OrdersState.in_3d != line.preview_url),
                                thumbnail(line.image, line.image_alt, "220px"),
                                model_viewer(
                                    line.preview_url, line.title.to(str) + ", as ordered, in 3D", style=ORDERED_VIEWER
                                ),  # fmt: skip
                            ),
                            rx.hstack(
                                rx.text(
                                    "As ordered: later edits to the design don't change this order.",
                                    size="1",
                                    color="var(--gray-10)",
                                ),
                                rx.cond(
                                    (line.image != "") & (line.preview_url != ""),
                                    rx.button(
                                        rx.icon("rotate-3d", size=14),
                                        rx.cond(OrdersState.in_3d == line.preview_url, "Show picture", "View in 3D"),
                                        variant="ghost",
                                        size="1",
                                        on_click=OrdersState.view_in_3d(line.preview_url),
                                        class_name="view-in-3d",
                                    ),
                                ),
                                align="center",
                                justify="between",
                                width="100%",
                                wrap="wrap",
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


def cancel_dialog() -> rx.Component:
    return confirm_dialog(
        "Cancel order " + OrdersState.cancel_reference + "?",
        rx.alert_dialog.description("It is not paid yet, so there is nothing to pay. This cannot be undone."),
        keep=rx.button("Keep the order", variant="soft", color_scheme="gray", on_click=OrdersState.keep_order),
        confirm=rx.button("Cancel order", color_scheme="red", on_click=OrdersState.cancel_order, id="confirm-cancel"),
        open=OrdersState.confirm_cancel_id != 0,
    )


@MAIN.page(route="/dashboard/orders", title="Orders", on_load=[AuthState.require_user, OrdersState.load])
def orders() -> rx.Component:
    """The user's orders with their timelines and tracking; unpaid ones can be cancelled."""
    return dashboard_layout(
        "orders",
        cancel_dialog(),
        rx.cond(
            OrdersState.email_unconfirmed,
            rx.callout(
                rx.text(
                    "Ordered from our online store? Those orders appear here once your e-mail address is confirmed. ",
                    rx.link("Confirm it on your account page", href="/account"),
                    ".",
                ),  # fmt: skip
                icon="mail-warning",
                color_scheme="amber",
                id="confirm-to-see-orders",
                width="100%",
            ),
        ),
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
