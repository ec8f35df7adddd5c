"""``/admin``: the staff area (for ADMIN accounts only)."""

import reflex as rx

from allpetplus.pages.site import MAIN
from allpetplus.state.admin import AdminState
from allpetplus.state.auth import AuthState
from allpetplus.ui.components import empty_state


def users_table() -> rx.Component:
    return rx.table.root(
        rx.table.header(
            rx.table.row(
                rx.table.column_header_cell("Name"),
                rx.table.column_header_cell("E-mail"),
                rx.table.column_header_cell("Role"),
                rx.table.column_header_cell(""),
            )
        ),
        rx.table.body(
            rx.foreach(
                AdminState.users,
                lambda u: rx.table.row(
                    rx.table.cell(u.display_name),
                    rx.table.cell(u.email),
                    rx.table.cell(rx.badge(u.role, color_scheme=rx.cond(u.role == "ADMIN", "teal", "gray"))),
                    rx.table.cell(
                        rx.cond(
                            u.role == "ADMIN",
                            rx.button(
                                "Make user", size="1", variant="soft", on_click=AdminState.set_role(u.id, "USER")
                            ),
                            rx.button("Make staff", size="1", on_click=AdminState.set_role(u.id, "ADMIN")),
                        )
                    ),
                ),
            )
        ),
        width="100%",
        id="users-table",
    )


@MAIN.page(route="/admin", title="Staff area", on_load=[AuthState.require_admin, AdminState.load])
def admin() -> rx.Component:
    """Staff overview, or a refusal for everyone else."""
    return rx.cond(
        AuthState.is_admin,
        rx.vstack(
            rx.heading("Staff area", size="8", as_="h1"),
            rx.text("Accounts and roles. Orders, licences, catalog and metrics follow here.", color="var(--gray-11)"),
            users_table(),
            spacing="4",
            padding_y="2rem",
            width="100%",
        ),
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
