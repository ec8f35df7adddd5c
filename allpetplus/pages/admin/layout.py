"""The frame every staff page is drawn in."""

import reflex as rx

from allpetplus.state.admin_orders import StaffOrderState
from allpetplus.state.auth import AuthState
from allpetplus.ui.components import empty_state


def staff_page(*content: rx.Component) -> rx.Component:
    """A staff page: its content for ADMIN accounts, a polite refusal for everyone else."""
    return rx.cond(
        AuthState.is_admin,
        rx.vstack(*content, spacing="4", padding_y="2rem", width="100%"),
        rx.cond(
            AuthState.signed_in,
            empty_state(
                "shield-x",
                "Staff only",
                "This area is for All Pet Plus staff. If you think you should have access, ask an administrator.",
                "Back to your dashboard",
                "/dashboard",
                id="staff-only",
            ),
            rx.center(rx.spinner(size="3"), padding_y="6rem"),
        ),
    )


def when_order_found(content: rx.Component) -> rx.Component:
    """``content`` once the order named in the address is loaded; "not found" for a number that names none."""
    return rx.cond(
        StaffOrderState.order,
        content,
        rx.cond(
            StaffOrderState.loaded,
            empty_state(
                "package-x",
                "Order not found",
                "There is no order with this number.",
                "All orders",
                "/admin/orders",
                id="order-missing",
            ),  # fmt: skip
            rx.center(rx.spinner(size="3"), padding_y="6rem"),
        ),
    )
