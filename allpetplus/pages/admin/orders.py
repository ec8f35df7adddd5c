"""``/admin/orders``: staff find orders and move them through fulfilment; each opens its own page."""

import reflex as rx

from allpetplus.order.service import CARRIERS
from allpetplus.pages.admin.layout import staff_page
from allpetplus.pages.site import MAIN
from allpetplus.state.auth import AuthState
from allpetplus.state.orders import StaffOrdersState
from allpetplus.ui.components import local_time

#: The status filter's choices: (value, label).
STATUS_CHOICES = [("all", "All orders"), ("AWAITING_PAYMENT", "Awaiting payment"), ("PAID", "Paid"),
                  ("IN_PRODUCTION", "In production"), ("SHIPPED", "Shipped"), ("DELIVERED", "Delivered"),
                  ("CANCELLED", "Cancelled"), ("REFUNDED", "Refunded")]  # fmt: skip


def carrier_select(**props) -> rx.Component:
    """The carriers staff can ship with, as a plain form select."""
    return rx.el.select(
        *(rx.el.option(label, value=code) for code, (label, _) in CARRIERS.items()),
        name="carrier",
        aria_label="Carrier",
        class_name="rt-reset rt-SelectTrigger rt-r-size-2 rt-variant-surface",
        **props,
    )


def staff_order_row(order: rx.Var) -> rx.Component:
    key = order.id.to(str)
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.link(order.reference, href="/admin/orders/" + key, weight="bold", class_name="open-order"),
                rx.badge(order.status_label, class_name="order-status"),
                rx.text(order.email, size="2", color="var(--gray-11)", class_name="order-email"),
                rx.spacer(),
                local_time(order.placed_at, size="1", color="var(--gray-11)"),
                rx.text(order.total, weight="bold"),
                width="100%",
                align="center",
                wrap="wrap",
            ),
            rx.hstack(
                rx.link(rx.button("Open order", size="1", variant="soft"), href="/admin/orders/" + key),
                rx.cond(
                    order.staff_may_mark_paid,
                    rx.button(
                        "Mark paid", size="1", on_click=StaffOrdersState.move(order.id, "PAID"), class_name="mark-paid"
                    ),
                ),
                rx.cond(
                    (order.status == "PAID") | (order.status == "IN_PRODUCTION"),
                    rx.form(
                        rx.hstack(
                            rx.el.input(type="hidden", name="order_id", value=order.id),
                            carrier_select(),
                            rx.input(name="tracking_number", placeholder="Tracking number", size="1"),
                            rx.button("Mark shipped", size="1", type="submit"),
                            align="center",
                            wrap="wrap",
                        ),
                        on_submit=StaffOrdersState.ship,
                        class_name="ship-form",
                    ),
                ),
                rx.cond(
                    order.status == "SHIPPED",
                    rx.button(
                        "Mark delivered",
                        size="1",
                        variant="soft",
                        on_click=StaffOrdersState.move(order.id, "DELIVERED"),
                    ),
                ),
                wrap="wrap",
                align="center",
            ),
            rx.hstack(
                rx.button(
                    rx.cond(StaffOrdersState.open_id == order.id, "Hide timeline", "Timeline"),
                    size="1",
                    variant="ghost",
                    on_click=StaffOrdersState.toggle_timeline(order.id),
                    class_name="show-timeline",
                ),
                rx.cond(order.tracking_number != "", rx.text(order.carrier + " " + order.tracking_number, size="1")),
                align="center",
            ),
            rx.cond(
                StaffOrdersState.open_id == order.id,
                rx.vstack(
                    rx.foreach(
                        order.timeline,
                        lambda e: rx.hstack(
                            rx.badge(e["label"].to(str)),
                            local_time(e["at"].to(str), size="1", color="var(--gray-11)"),
                            rx.text(e["by"].to(str), size="1"),
                            rx.text(e["note"].to(str), size="1"),
                            class_name="staff-timeline-entry",
                            wrap="wrap",
                        ),
                    ),
                    spacing="1",
                ),
            ),
            rx.cond(
                StaffOrdersState.errors.contains(key + ":tracking_number"),
                rx.text(
                    StaffOrdersState.errors[key + ":tracking_number"], color="var(--red-11)", size="1", role="alert"
                ),
            ),
            spacing="2",
            width="100%",
        ),
        width="100%",
        data_testid="staff-order",
        data_reference=order.reference,
    )


@MAIN.page(route="/admin/orders", title="Orders · Staff", on_load=[AuthState.require_admin, StaffOrdersState.load])
def admin_orders() -> rx.Component:
    """Staff: find orders and move them through fulfilment."""
    return staff_page(
        rx.hstack(
            rx.heading("Orders", size="8", as_="h1"), rx.spacer(), rx.link("Staff area", href="/admin"), width="100%"
        ),
        rx.hstack(
            rx.select.root(
                rx.select.trigger(aria_label="Show orders"),
                rx.select.content(*(rx.select.item(label, value=value) for value, label in STATUS_CHOICES)),
                default_value="all",
                on_change=StaffOrdersState.filter_status,
            ),
            rx.form(
                rx.hstack(
                    rx.input(name="search", placeholder="Reference or e-mail", size="2", id="order-search"),
                    rx.button("Search", type="submit", size="2"),
                ),
                on_submit=StaffOrdersState.search_orders,
            ),
            wrap="wrap",
        ),
        rx.vstack(rx.foreach(StaffOrdersState.orders, staff_order_row), width="100%", spacing="2"),
    )
