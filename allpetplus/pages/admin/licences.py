"""``/admin/licences``: staff review submitted licence applications."""

import reflex as rx

from allpetplus.pages.admin.layout import staff_page
from allpetplus.pages.site import MAIN
from allpetplus.state.auth import AuthState
from allpetplus.state.licences import LicenceReviewState


def application_card(app: rx.Var) -> rx.Component:
    key = app.id.to(str)
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.heading(app.pet_name, size="4"),
                rx.text(app.species + " · " + app.breed, color="var(--gray-11)", size="2"),
                rx.spacer(),
                rx.text(app.jurisdiction_name, size="2"),
                width="100%",
                align="center",
            ),
            rx.text("Owner: " + app.owner_name + " · " + app.owner_email, size="2"),
            rx.text("Rabies: " + app.rabies, size="2"),
            rx.text("Microchip: " + app.microchip + " · claims: " + app.claims, size="2"),
            rx.hstack(
                rx.text("Fee " + app.fee_total, size="2"),
                rx.badge(
                    app.payment_state, color_scheme=rx.cond(app.fee_paid, "teal", "amber"), class_name="payment-state"
                ),
                rx.cond(
                    app.order_reference != "", rx.text("order " + app.order_reference, size="1", color="var(--gray-11)")
                ),
                align="center",
                wrap="wrap",
            ),
            rx.hstack(
                rx.foreach(app.documents, lambda d: rx.link(d["label"], href=d["url"], is_external=True, size="2")),
                spacing="3",
                wrap="wrap",
            ),
            rx.hstack(
                rx.cond(
                    app.fee_paid,
                    rx.button("Approve", on_click=LicenceReviewState.approve(app.id), class_name="approve"),
                    rx.cond(
                        app.fee_to_record,
                        rx.button(
                            "Mark fee paid",
                            on_click=LicenceReviewState.mark_fee_paid(app.id),
                            variant="soft",
                            class_name="mark-fee-paid",
                        ),
                        rx.text("Approve once the card payment arrives.", size="2", color="var(--gray-11)"),
                    ),
                ),
                rx.form(
                    rx.hstack(
                        rx.el.input(type="hidden", name="licence_id", value=app.id),
                        rx.input(name="reason", placeholder="Reason for the applicant", size="2", min_width="18rem"),
                        rx.button("Reject", type="submit", variant="soft", color_scheme="red"),
                        align="center",
                    ),
                    on_submit=LicenceReviewState.reject,
                ),
                wrap="wrap",
                align="center",
            ),
            rx.cond(
                LicenceReviewState.errors.contains(key + ":reason"),
                rx.text(LicenceReviewState.errors[key + ":reason"], color="var(--red-11)", size="1", role="alert"),
            ),
            spacing="2",
            width="100%",
        ),
        width="100%",
        data_testid="licence-application",
    )


@MAIN.page(
    route="/admin/licences", title="Licence applications · Staff",
    on_load=[AuthState.require_admin, LicenceReviewState.load],
)  # fmt: skip
def admin_licences() -> rx.Component:
    """Staff: review submitted licence applications."""
    return staff_page(
        rx.hstack(
            rx.heading("Licence applications", size="8", as_="h1"),
            rx.spacer(),
            rx.link("Staff area", href="/admin"),
            width="100%",
        ),
        rx.cond(
            LicenceReviewState.queue.length() > 0,
            rx.vstack(rx.foreach(LicenceReviewState.queue, application_card), width="100%", spacing="2"),
            rx.text("No applications are waiting.", color="var(--gray-11)", id="queue-empty"),
        ),
    )
