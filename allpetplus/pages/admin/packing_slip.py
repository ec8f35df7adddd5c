"""``/admin/orders/[order_number]/packing-slip``: what goes in the parcel and where it goes, ready to print
(on paper only the slip is printed: the site's navigation and the buttons stay on screen)."""

import reflex as rx

from allpetplus.pages.admin.layout import staff_page, when_order_found
from allpetplus.pages.site import MAIN
from allpetplus.state.admin_orders import StaffOrderState
from allpetplus.state.auth import AuthState
from allpetplus.ui.components import local_time

ORDER = StaffOrderState.order

#: On paper: only the slip, black on white, from the top of the page.
PRINT_CSS = """
@media print {
  body * { visibility: hidden; }
  .packing-slip, .packing-slip * { visibility: visible; }
  .packing-slip { position: absolute; inset: 0 auto auto 0; width: 100%; box-shadow: none !important;
                  border: none !important; color: #000; }
  .no-print { display: none !important; }
}
"""


def slip_line(line: rx.Var) -> rx.Component:
    return rx.el.tr(
        rx.el.td(rx.el.span("☐", aria_hidden="true"), padding="0.5rem 0.5rem 0.5rem 0", vertical_align="top"),
        rx.el.td(line.quantity, font_weight="bold", padding="0.5rem", vertical_align="top", class_name="slip-quantity"),
        rx.el.td(
            rx.text(line.title, weight="medium", class_name="slip-title"),
            rx.cond(line.variant != "", rx.text(line.variant, size="2")),
            rx.foreach(line.design, lambda words: rx.text(words, size="1", color="var(--gray-11)")),
            padding="0.5rem",
        ),
        rx.el.td(line.sku, padding="0.5rem", font_size="0.8rem", vertical_align="top"),
        border_bottom="1px solid var(--gray-a5)",
        data_testid="slip-line",
    )


def slip() -> rx.Component:
    return rx.box(
        rx.hstack(
            rx.vstack(
                rx.text("All Pet Plus", weight="bold", size="4"),
                rx.text("Packing slip", size="2", color="var(--gray-11)"),
                spacing="0",
            ),
            rx.spacer(),
            rx.vstack(
                rx.text("Order", size="1", color="var(--gray-11)"),
                rx.text(ORDER.reference, weight="bold", size="4", id="slip-reference"),
                local_time(ORDER.placed_at, with_time=False, font_size="0.8rem"),
                spacing="0",
                align="end",
            ),
            width="100%",
            align="start",
        ),
        rx.separator(size="4", margin_y="1rem"),
        rx.text("Ship to", size="1", color="var(--gray-11)"),
        rx.vstack(rx.foreach(ORDER.address, lambda line: rx.text(line, size="3")), spacing="0", id="slip-address"),
        rx.el.table(
            rx.el.thead(
                rx.el.tr(
                    rx.el.th("", width="1.5rem"),
                    rx.el.th("Qty", text_align="left", padding="0.5rem"),
                    rx.el.th("Item", text_align="left", padding="0.5rem"),
                    rx.el.th("SKU", text_align="left", padding="0.5rem"),
                    border_bottom="2px solid var(--gray-a7)",
                )
            ),
            rx.el.tbody(rx.foreach(ORDER.lines, slip_line)),
            width="100%",
            margin_top="1.5rem",
            style={"border_collapse": "collapse"},
        ),
        rx.text(ORDER.item_count + " in this parcel.", size="2", margin_top="1rem"),
        rx.text("Thank you for shopping with All Pet Plus.", size="2", color="var(--gray-11)", margin_top="0.5rem"),
        class_name="packing-slip",
        id="packing-slip",
        background="white",
        border="1px solid var(--gray-a5)",
        border_radius="var(--radius-3)",
        padding=rx.breakpoints(initial="1rem", sm="2rem"),
        width="100%",
        max_width="48rem",
    )


@MAIN.page(route="/admin/orders/[order_number]/packing-slip", title="Packing slip · Staff",
           on_load=[AuthState.require_admin, StaffOrderState.load])  # fmt: skip
def packing_slip() -> rx.Component:
    """Staff: the order's packing slip, with a button that prints it."""
    return staff_page(
        rx.el.style(PRINT_CSS),
        when_order_found(
            rx.vstack(
                rx.hstack(
                    rx.link(
                        rx.hstack(
                            rx.icon("arrow-left", size=16), rx.text("Back to the order"), align="center", spacing="1"
                        ),
                        href="/admin/orders/" + ORDER.id.to(str),
                        size="2",
                    ),  # fmt: skip
                    rx.spacer(),
                    rx.button(
                        rx.icon("printer", size=16), "Print", on_click=rx.call_script("window.print()"), id="print-slip"
                    ),  # fmt: skip
                    width="100%",
                    max_width="48rem",
                    align="center",
                    class_name="no-print",
                ),
                slip(),
                width="100%",
                align="center",
                spacing="3",
            )
        ),
    )
