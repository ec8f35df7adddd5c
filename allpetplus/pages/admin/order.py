"""``/admin/orders/[order_number]``: one order as staff fulfil it: what to pack, where it goes, how it was paid,
its totals and timeline, with the moves open to it and its packing slip."""

import reflex as rx

from allpetplus.pages.admin.layout import staff_page, when_order_found
from allpetplus.pages.admin.orders import carrier_select
from allpetplus.pages.site import MAIN
from allpetplus.state.admin_orders import StaffOrderState
from allpetplus.state.auth import AuthState
from allpetplus.ui.components import amount_row, confirm_dialog, local_time, panel
from allpetplus.ui.model_viewer import model_viewer

ORDER = StaffOrderState.order


def panel_title(text: str) -> rx.Component:
    return rx.heading(text, size="4", as_="h2")


def design_words(line: rx.Var) -> rx.Component:
    """A designed harness as bought: its configuration in words, and its 3D preview on request."""
    return rx.vstack(
        rx.el.ul(
            rx.foreach(line.design, lambda words: rx.el.li(rx.text(words, size="2"))),
            padding_left="1.2rem",
            margin="0",
            class_name="design-words",
        ),
        rx.cond(
            line.preview_url != "",
            rx.vstack(
                rx.button(
                    rx.icon("box", size=14),
                    rx.cond(StaffOrderState.preview_open, "Hide the 3D preview", "Show the 3D preview"),
                    size="1",
                    variant="soft",
                    on_click=StaffOrderState.toggle_preview,
                    class_name="no-print",
                ),
                rx.cond(
                    StaffOrderState.preview_open,
                    model_viewer(
                        line.preview_url, "The harness as ordered", style={"width": "100%", "height": "260px"}
                    ),
                ),
                width="100%",
                spacing="2",
            ),
            rx.text("No preview was rendered for this design.", size="1", color="var(--gray-10)"),
        ),
        spacing="2",
        width="100%",
    )


def item(line: rx.Var) -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.vstack(
                rx.text(line.title, weight="bold", size="3", class_name="item-title"),
                rx.cond(line.variant != "", rx.text(line.variant, size="2", class_name="item-variant")),
                rx.cond(line.sku != "", rx.text("SKU " + line.sku, size="1", color="var(--gray-10)")),
                spacing="1",
                min_width="0",
                flex="1",
            ),
            rx.vstack(
                rx.text(line.line_price, weight="bold", size="3", class_name="item-line-price"),
                rx.text(
                    line.quantity.to(str) + " × " + line.unit_price,
                    size="1",
                    color="var(--gray-11)",
                    class_name="item-quantity",
                    white_space="nowrap",
                ),  # fmt: skip
                align="end",
                spacing="1",
            ),
            width="100%",
            align="start",
        ),
        rx.cond(line.design.length() > 0, design_words(line)),
        width="100%",
        spacing="2",
        padding_y="0.75rem",
        border_bottom="1px solid var(--gray-a4)",
        data_testid="order-item",
    )


def items_panel() -> rx.Component:
    return panel(
        rx.vstack(
            rx.hstack(
                panel_title("Items"),
                rx.spacer(),
                rx.text(ORDER.item_count, size="2", color="var(--gray-11)"),
                width="100%",
                align="center",
            ),  # fmt: skip
            rx.box(rx.foreach(ORDER.lines, item), width="100%"),
            rx.vstack(
                amount_row("Subtotal", ORDER.subtotal),
                rx.cond(
                    ORDER.discount != "",
                    amount_row(
                        rx.cond(ORDER.discount_code != "", "Discount (" + ORDER.discount_code + ")", "Discount"),
                        ORDER.discount,
                        class_name="discount-line",
                    ),
                ),
                amount_row("Shipping", ORDER.shipping),
                rx.cond(ORDER.tax != "", amount_row("Tax", ORDER.tax)),
                rx.separator(size="4"),
                rx.hstack(
                    rx.text("Total", weight="bold"),
                    rx.spacer(),
                    rx.text(ORDER.total, weight="bold", id="order-total"),
                    width="100%",
                ),  # fmt: skip
                width="100%",
                spacing="2",
                padding_top="0.5rem",
            ),
            spacing="2",
            width="100%",
        ),
        id="order-items",
    )


def customer_panel() -> rx.Component:
    return panel(
        rx.vstack(
            panel_title("Ship to"),
            rx.vstack(rx.foreach(ORDER.address, lambda line: rx.text(line, size="2")), spacing="0", id="ship-to"),
            rx.separator(size="4"),
            rx.text("Customer", size="1", color="var(--gray-11)"),
            rx.link(ORDER.email, href="mailto:" + ORDER.email, size="2", id="customer-email"),
            rx.text("Payment", size="1", color="var(--gray-11)"),
            rx.text(ORDER.payment, size="2", weight="medium", id="payment-state"),
            spacing="2",
            width="100%",
        ),
    )


def fulfilment_panel() -> rx.Component:
    errors = StaffOrderState.errors
    return panel(
        rx.vstack(
            panel_title("Fulfilment"),
            rx.cond(
                ORDER.can_mark_paid,
                rx.button("Mark invoice paid", on_click=StaffOrderState.mark_paid, id="mark-paid", width="100%"),
            ),
            rx.cond(
                ORDER.can_ship,
                rx.form(
                    rx.vstack(
                        rx.text("Packed? Enter the label's tracking number to mark it shipped.", size="2"),
                        carrier_select(width="100%"),
                        rx.input(
                            name="tracking_number",
                            placeholder="Tracking number",
                            width="100%",
                            aria_label="Tracking number",
                        ),  # fmt: skip
                        rx.cond(
                            errors.contains("tracking_number"),
                            rx.text(errors["tracking_number"], color="var(--red-11)", size="1", role="alert"),
                        ),  # fmt: skip
                        rx.cond(
                            errors.contains("carrier"),
                            rx.text(errors["carrier"], color="var(--red-11)", size="1", role="alert"),
                        ),  # fmt: skip
                        rx.button("Mark shipped", type="submit", width="100%"),
                        spacing="2",
                        width="100%",
                    ),
                    on_submit=StaffOrderState.ship,
                    id="ship-form",
                    width="100%",
                ),
            ),
            rx.cond(
                ORDER.tracking_number != "",
                rx.text(
                    "Shipped with " + ORDER.carrier + ": ",
                    rx.link(ORDER.tracking_number, href=ORDER.tracking_url, is_external=True, id="tracking-link"),
                    size="2",
                ),
            ),
            rx.cond(
                ORDER.can_deliver,
                rx.button("Mark delivered", variant="soft", on_click=StaffOrderState.mark_delivered, width="100%"),
            ),
            rx.cond(
                ~(ORDER.can_mark_paid | ORDER.can_ship | ORDER.can_deliver),
                rx.text("Nothing left to do for this order.", size="2", color="var(--gray-11)"),
            ),
            rx.link(
                rx.button(rx.icon("printer", size=16), "Print packing slip", variant="outline", width="100%"),
                href="/admin/orders/" + ORDER.id.to(str) + "/packing-slip",
                id="packing-slip-link",
                width="100%",
            ),
            spacing="3",
            width="100%",
        ),
    )


def field_error(name: str) -> rx.Component:
    errors = StaffOrderState.errors
    return rx.cond(errors.contains(name), rx.text(errors[name], color="var(--red-11)", size="1", role="alert"))


def refund_line(line: rx.Var) -> rx.Component:
    """How many of one line to refund (none by default)."""
    return rx.cond(
        line.refundable > 0,
        rx.hstack(
            rx.text(line.title, size="2", flex="1", min_width="0"),
            rx.input(
                name="line-" + line.id.to(str),
                type="number",
                min="0",
                max=line.refundable.to(str),
                placeholder="0",
                width="4.5rem",
                aria_label="How many " + line.title + " to refund",
                class_name="refund-quantity",
            ),
            rx.text("of " + line.refundable.to(str), size="1", color="var(--gray-11)", white_space="nowrap"),
            width="100%",
            align="center",
        ),
    )


def refund_panel() -> rx.Component:
    """Give money back: chosen lines, or an amount, or everything left; with a reason the customer reads."""
    return panel(
        rx.vstack(
            panel_title("Refund"),
            rx.cond(
                ORDER.refunded != "",
                rx.text("Refunded so far: " + ORDER.refunded, size="2", id="refunded-so-far"),
            ),
            rx.cond(
                ORDER.can_refund,
                rx.form(
                    rx.vstack(
                        rx.text("Lines to refund (or leave them at 0 and enter an amount):", size="2"),
                        rx.foreach(ORDER.lines, refund_line),
                        field_error("lines"),
                        rx.input(
                            name="amount",
                            placeholder="Amount, e.g. 12.50 (empty: " + ORDER.refund_left + ")",
                            aria_label="Amount to refund",
                            width="100%",
                            id="refund-amount",
                        ),  # fmt: skip
                        field_error("amount"),
                        rx.text_area(
                            name="reason",
                            placeholder="Why (the customer reads this)",
                            aria_label="Reason",
                            width="100%",
                            max_length=300,
                            id="refund-reason",
                        ),  # fmt: skip
                        field_error("reason"),
                        rx.checkbox(
                            "Put the refunded items back in stock", name="restock", id="refund-restock", size="2"
                        ),  # fmt: skip
                        confirm_dialog(
                            "Refund this order?",
                            rx.alert_dialog.description(
                                "The money goes back to the customer (to their card, or as a credit on the "
                                "invoice) and they are told by e-mail. This can't be undone here.",
                                size="2",
                            ),
                            keep=rx.button("Keep the money", variant="soft", color_scheme="gray"),
                            confirm=rx.button(
                                "Refund", color_scheme="red", type="submit", form="refund-form", id="refund-confirm"
                            ),
                            trigger=rx.button(
                                "Refund…", color_scheme="red", variant="soft", width="100%", type="button"
                            ),
                        ),
                        spacing="2",
                        width="100%",
                    ),
                    on_submit=StaffOrderState.refund,
                    reset_on_submit=False,
                    id="refund-form",
                    width="100%",
                ),
                rx.text(
                    "Nothing to refund: the order is not paid, is refunded in full, or was paid in Shopify.",
                    size="2",
                    color="var(--gray-11)",
                ),  # fmt: skip
            ),
            spacing="3",
            width="100%",
        ),
        id="order-refund",
    )


def timeline_panel() -> rx.Component:
    return panel(
        rx.vstack(
            panel_title("Timeline"),
            rx.foreach(
                ORDER.timeline,
                lambda e: rx.hstack(
                    rx.box(
                        width="10px",
                        height="10px",
                        border_radius="999px",
                        background_color="var(--accent-9)",
                        margin_top="6px",
                        flex_shrink="0",
                    ),  # fmt: skip
                    rx.vstack(
                        rx.hstack(
                            rx.text(e.status, weight="medium", size="2"),
                            local_time(e.at, size="1", color="var(--gray-10)"),
                            spacing="2",
                            align="baseline",
                            wrap="wrap",
                        ),
                        rx.cond(e.note != "", rx.text(e.note, size="2", color="var(--gray-11)")),
                        rx.text("by " + e.by, size="1", color="var(--gray-10)"),
                        spacing="0",
                    ),
                    align="start",
                    class_name="timeline-entry",
                ),
            ),
            spacing="3",
            width="100%",
        ),
        id="order-timeline",
    )


def order_view() -> rx.Component:
    return rx.vstack(
        rx.link(
            rx.hstack(rx.icon("arrow-left", size=16), rx.text("All orders"), align="center", spacing="1"),
            href="/admin/orders",
            size="2",
        ),  # fmt: skip
        rx.hstack(
            rx.heading(
                rx.text("Order ", as_="span", color="var(--gray-11)", weight="regular"),
                ORDER.reference,
                size=rx.breakpoints(initial="6", sm="7"),
                as_="h1",
                id="order-reference",
                white_space="nowrap",
            ),
            rx.badge(ORDER.status_label, size="2", class_name="order-status", id="order-status"),
            align="center",
            wrap="wrap",
        ),
        rx.text("Placed ", local_time(ORDER.placed_at), size="2", color="var(--gray-11)"),
        # One column on a phone, in the order staff work: what to pack, where it goes, ship it, then the history.
        # From md up the address and the actions sit beside the items and the timeline.
        rx.grid(
            rx.box(items_panel(), grid_column=rx.breakpoints(initial="1", md="1"), min_width="0"),
            rx.vstack(
                customer_panel(),
                fulfilment_panel(),
                refund_panel(),
                spacing="4",
                width="100%",
                min_width="0",
                grid_column=rx.breakpoints(initial="1", md="2"),
                grid_row=rx.breakpoints(initial="auto", md="1 / span 2"),
            ),
            rx.box(timeline_panel(), grid_column=rx.breakpoints(initial="1", md="1"), min_width="0"),
            columns=rx.breakpoints(initial="1", md="3fr 2fr"),
            spacing="4",
            width="100%",
            align="start",
        ),
        spacing="3",
        width="100%",
    )


@MAIN.page(route="/admin/orders/[order_number]", title="Order · Staff",
           on_load=[AuthState.require_admin, StaffOrderState.load])  # fmt: skip
def admin_order() -> rx.Component:
    """Staff: one order, to pack, ship and answer questions about."""
    return staff_page(when_order_found(order_view()))
