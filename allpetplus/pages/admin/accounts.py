"""``/admin``: the staff overview, with the accounts and their roles."""

import reflex as rx

from allpetplus.pages.admin.layout import staff_page
from allpetplus.pages.site import MAIN
from allpetplus.state.admin import AdminState
from allpetplus.state.auth import AuthState
from allpetplus.ui.components import data_table


def users_table() -> rx.Component:
    def cells(u: rx.Var) -> list[rx.Component]:
        return [
            rx.table.cell(u.display_name),
            rx.table.cell(u.email),
            rx.table.cell(rx.badge(u.role, color_scheme=rx.cond(u.role == "ADMIN", "teal", "gray"))),
            rx.table.cell(
                rx.cond(
                    u.role == "ADMIN",
                    rx.button("Make user", size="1", variant="soft", on_click=AdminState.set_role(u.id, "USER")),
                    rx.button("Make staff", size="1", on_click=AdminState.set_role(u.id, "ADMIN")),
                )
            ),
        ]

    return data_table(["Name", "E-mail", "Role", ""], AdminState.users, cells, id="users-table")


@MAIN.page(route="/admin", title="Staff area", on_load=[AuthState.require_admin, AdminState.load])
def admin() -> rx.Component:
    """Staff overview, or a refusal for everyone else."""
    return staff_page(
        rx.heading("Staff area", size="8", as_="h1"),
        rx.text("Accounts and roles.", color="var(--gray-11)"),
        rx.hstack(
            rx.link("Orders →", href="/admin/orders", weight="medium"),
            rx.link("Licence applications →", href="/admin/licences", weight="medium"),
            rx.link("Jobs and mailbox →", href="/admin/jobs", weight="medium"),
            rx.link("Webhook ledger →", href="/admin/webhooks", weight="medium"),
            rx.link("Metrics →", href="/admin/metrics", weight="medium"),
            rx.link("Catalog →", href="/admin/catalog", weight="medium"),
            spacing="5",
        ),
        users_table(),
    )
