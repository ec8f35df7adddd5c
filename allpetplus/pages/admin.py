"""``/admin``: the staff area (for ADMIN accounts only)."""

import reflex as rx

from allpetplus.order.service import CARRIERS
from allpetplus.pages.site import MAIN
from allpetplus.state.admin import AdminState, CatalogState, JobsState, MetricsState, WebhooksState
from allpetplus.state.auth import AuthState
from allpetplus.state.licences import LicenceReviewState
from allpetplus.state.orders import StaffOrdersState
from allpetplus.ui.components import data_table, empty_state


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


def staff_order_row(order: rx.Var) -> rx.Component:
    key = order.id.to(str)
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.text(order.reference, weight="bold"),
                rx.badge(order.status.to(str).replace("_", " "), class_name="order-status"),
                rx.text(order.email, size="2", color="var(--gray-11)"),
                rx.spacer(),
                rx.text(order.total, weight="bold"),
                width="100%",
                align="center",
            ),
            rx.hstack(
                rx.cond(
                    order.status == "AWAITING_PAYMENT",
                    rx.button(
                        "Mark paid", size="1", on_click=StaffOrdersState.move(order.id, "PAID"), class_name="mark-paid"
                    ),
                ),
                rx.cond(
                    (order.status == "PAID") | (order.status == "IN_PRODUCTION"),
                    rx.form(
                        rx.hstack(
                            rx.el.input(type="hidden", name="order_id", value=order.id),
                            rx.el.select(
                                *(rx.el.option(label, value=code) for code, (label, _) in CARRIERS.items()),
                                name="carrier",
                                class_name="rt-reset rt-SelectTrigger rt-r-size-1 rt-variant-surface",
                            ),
                            rx.input(name="tracking_number", placeholder="Tracking number", size="1"),
                            rx.button("Mark shipped", size="1", type="submit"),
                            align="center",
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
                            rx.badge(e["status"].to(str)),
                            rx.text(e["at"].to(str), size="1", color="var(--gray-11)"),
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
    """Staff: move orders through fulfilment."""
    return staff_page(
        rx.hstack(
            rx.heading("Orders", size="8", as_="h1"), rx.spacer(), rx.link("Accounts", href="/admin"), width="100%"
        ),
        rx.hstack(
            rx.select(
                ["all", "AWAITING_PAYMENT", "PAID", "IN_PRODUCTION", "SHIPPED", "DELIVERED", "CANCELLED", "REFUNDED"],
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


def failed_job_card(job: rx.Var) -> rx.Component:
    return rx.card(
        rx.hstack(
            rx.vstack(
                rx.text(job.function, weight="bold", size="2"),
                rx.code(job.error, size="1"),
                rx.text(job.failed_at, size="1"),
                spacing="1",
            ),
            rx.spacer(),
            rx.button("Re-run", size="1", on_click=JobsState.rerun(job.id)),
            width="100%",
        ),
        width="100%",
        data_testid="failed-job",
    )


def mail_cells(mail: rx.Var) -> list[rx.Component]:
    return [
        rx.table.cell(mail.recipient),
        rx.table.cell(mail.subject),
        rx.table.cell(mail.status, class_name="mail-status"),
        rx.table.cell(mail.attempts),
        rx.table.cell(
            rx.text(mail.error, size="1"),
            rx.cond(mail.next_attempt != "", rx.text("Next try " + mail.next_attempt, size="1")),
            class_name="mail-error",
        ),
        rx.table.cell(mail.created_at),
        rx.table.cell(rx.cond(mail.can_resend, rx.button("Resend", size="1", on_click=JobsState.resend(mail.id)))),
    ]


@MAIN.page(route="/admin/jobs", title="Jobs and mailbox · Staff", on_load=[AuthState.require_admin, JobsState.load])
def admin_jobs() -> rx.Component:
    """Staff: failed jobs (with re-run) and the stored e-mails (with resend for those that failed)."""
    return staff_page(
        rx.hstack(
            rx.heading("Jobs and mailbox", size="8", as_="h1"),
            rx.spacer(),
            rx.link("Staff area", href="/admin"),
            width="100%",
        ),
        rx.heading("Failed jobs", size="5", as_="h2"),
        rx.cond(
            JobsState.failed.length() > 0,
            rx.vstack(rx.foreach(JobsState.failed, failed_job_card), width="100%"),
            rx.text("No failed jobs.", color="var(--gray-11)"),
        ),
        rx.heading("Mailbox", size="5", as_="h2"),
        data_table(
            ["To", "Subject", "Status", "Attempts", "Last error", "When", ""],
            JobsState.mails,
            mail_cells,
            row_props={"data_testid": "mail"},
        ),
    )


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
            rx.text("Fee " + app.fee_total + " · " + app.payment + " " + app.order_reference, size="2"),
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
                        app.payment == "Invoice sent",
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


def delivery_row(d: rx.Var) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.badge(d.provider),
                rx.text(d.topic, weight="bold", size="2"),
                rx.code(d.event_id, size="1"),
                rx.badge(
                    d.status,
                    color_scheme=rx.match(
                        d.status, ("PROCESSED", "green"), ("FAILED", "red"), ("IGNORED", "gray"), "amber"
                    ),
                    class_name="delivery-status",
                ),
                rx.spacer(),
                rx.text(d.received_at, size="1", color="var(--gray-11)"),
                width="100%",
                align="center",
                wrap="wrap",
            ),  # fmt: skip
            rx.text(d.outcome, size="2", class_name="delivery-outcome"),
            rx.hstack(
                rx.text("Attempts: " + d.attempts.to(str), size="1", color="var(--gray-11)"),
                rx.spacer(),
                rx.button(
                    rx.cond(WebhooksState.open_id == d.id, "Hide payload", "Payload"),
                    size="1",
                    variant="soft",
                    on_click=WebhooksState.toggle(d.id),
                ),
                rx.button("Replay", size="1", on_click=WebhooksState.replay(d.id), class_name="replay"),
                width="100%",
            ),  # fmt: skip
            rx.cond(
                WebhooksState.open_id == d.id,
                rx.code_block(d.payload, language="json", width="100%", class_name="delivery-payload"),
            ),  # fmt: skip
            spacing="2",
            width="100%",
        ),
        width="100%",
        data_testid="delivery",
    )


@MAIN.page(
    route="/admin/webhooks", title="Webhook ledger · Staff", on_load=[AuthState.require_admin, WebhooksState.load]
)
def admin_webhooks() -> rx.Component:
    """Staff: every webhook delivery, its processing and effect, with replay."""
    select = "rt-reset rt-SelectTrigger rt-r-size-2 rt-variant-surface"
    return staff_page(
        rx.hstack(
            rx.heading("Webhook ledger", size="8", as_="h1"),
            rx.spacer(),
            rx.link("Staff area", href="/admin"),
            width="100%",
        ),  # fmt: skip
        rx.form(
            rx.hstack(
                rx.el.select(
                    rx.el.option("All providers", value=""),
                    rx.el.option("Stripe", value="stripe"),
                    rx.el.option("Shopify", value="shopify"),
                    name="provider",
                    class_name=select,
                ),
                rx.el.select(
                    rx.el.option("Any status", value=""),
                    *(rx.el.option(s.capitalize(), value=s) for s in ("RECEIVED", "PROCESSED", "IGNORED", "FAILED")),
                    name="status",
                    class_name=select,
                ),
                rx.input(name="search", placeholder="Event id, topic or outcome", size="2", min_width="16rem"),
                rx.button("Filter", type="submit", size="2"),
                wrap="wrap",
                align="center",
            ),
            on_submit=WebhooksState.filter,
        ),  # fmt: skip
        rx.cond(
            WebhooksState.deliveries.length() > 0,
            rx.vstack(rx.foreach(WebhooksState.deliveries, delivery_row), width="100%", spacing="2"),
            rx.text("No deliveries match.", color="var(--gray-11)"),
        ),
    )


def stat(label: str, value: rx.Var, test_id: str) -> rx.Component:
    return rx.card(
        rx.vstack(rx.text(label, size="2", color="var(--gray-11)"), rx.heading(value, size="7"), spacing="1"),
        data_testid=test_id,
    )


@MAIN.page(route="/admin/metrics", title="Metrics · Staff", on_load=[AuthState.require_admin, MetricsState.load])
def admin_metrics() -> rx.Component:
    """Staff: business metrics from the recorded events, with charts."""
    report = MetricsState.report
    return staff_page(
        rx.hstack(
            rx.heading("Metrics", size="8", as_="h1"),
            rx.spacer(),
            rx.select(
                ["7", "30", "90"], value=MetricsState.days, on_change=MetricsState.choose_period, id="metrics-period"
            ),
            rx.text("days", size="2"),
            rx.link("Staff area", href="/admin"),
            width="100%",
            align="center",
        ),  # fmt: skip
        rx.cond(
            report,
            rx.vstack(
                rx.grid(
                    stat("Orders", report.orders.to(str), "stat-orders"),
                    stat("Revenue", report.revenue, "stat-revenue"),
                    stat("Average order value", report.average_order_value, "stat-aov"),
                    stat("Conversion rate", report.conversion_rate, "stat-conversion"),
                    stat("Cart abandonment", report.cart_abandonment, "stat-abandonment"),
                    columns=rx.breakpoints(initial="2", md="5"),
                    spacing="3",
                    width="100%",
                ),
                rx.heading("Builder funnel", size="5", as_="h2"),
                rx.recharts.bar_chart(
                    rx.recharts.bar(data_key="people", fill="var(--accent-9)", name="People"),
                    rx.recharts.x_axis(data_key="step"),
                    rx.recharts.y_axis(allow_decimals=False),
                    rx.recharts.graphing_tooltip(),
                    data=MetricsState.funnel,
                    width="100%",
                    height=260,
                    id="funnel-chart",
                ),
                rx.hstack(
                    rx.foreach(
                        MetricsState.funnel,
                        lambda s: rx.badge(
                            s["step"].to(str) + ": " + s["people"].to(str) + " (" + s["rate"].to(str) + "%)",
                            class_name="funnel-step",
                        ),
                    ),
                    wrap="wrap",
                ),  # fmt: skip
                rx.heading("Orders and revenue per day", size="5", as_="h2"),
                rx.recharts.composed_chart(
                    rx.recharts.bar(data_key="orders", fill="var(--accent-8)", name="Orders", y_axis_id="left"),
                    rx.recharts.line(data_key="revenue", stroke="var(--amber-9)", name="Revenue", y_axis_id="right"),
                    rx.recharts.line(
                        data_key="builder_opened", stroke="var(--gray-9)", name="Builder opened", y_axis_id="left"
                    ),
                    rx.recharts.x_axis(data_key="day"),
                    rx.recharts.y_axis(y_axis_id="left", allow_decimals=False),
                    rx.recharts.y_axis(y_axis_id="right", orientation="right"),
                    rx.recharts.legend(),
                    rx.recharts.graphing_tooltip(),
                    data=MetricsState.series,
                    width="100%",
                    height=300,
                    id="daily-chart",
                ),  # fmt: skip
                spacing="4",
                width="100%",
            ),
        ),
    )


def error_for(key: rx.Var | str) -> rx.Component:
    return rx.cond(CatalogState.errors.contains(key), rx.text(CatalogState.errors[key], color="var(--red-11)",
                                                             size="1", role="alert"))  # fmt: skip


def variant_form(v: rx.Var) -> rx.Component:
    key = "variant" + v.id.to(str)
    return rx.form(
        rx.hstack(
            rx.el.input(type="hidden", name="variant_id", value=v.id),
            rx.code(v.sku, size="1", min_width="8rem"),
            rx.text(v.title, size="2", min_width="10rem"),
            rx.input(name="price", default_value=v.price_input, size="1", width="6rem", aria_label="Price"),
            rx.input(name="stock", default_value=v.stock.to(str), size="1", width="5rem", aria_label="Stock"),
            rx.button("Save", size="1", type="submit"),
            error_for(key + ":price"),
            error_for(key + ":stock"),
            align="center",
            wrap="wrap",
        ),
        on_submit=CatalogState.save_variant,
        class_name="variant-form",
        data_sku=v.sku,
    )


def product_block(p: rx.Var) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.text(p.title, weight="bold"),
                rx.cond(p.is_active, rx.badge("on sale", color_scheme="green"), rx.badge("off sale")),
                rx.spacer(),
                rx.button(
                    rx.cond(p.is_active, "Take off sale", "Put on sale"),
                    size="1",
                    variant="soft",
                    on_click=CatalogState.set_active(p.id, ~p.is_active),
                ),
                width="100%",
            ),  # fmt: skip
            rx.foreach(p.variants, variant_form),
            spacing="2",
            width="100%",
        ),
        width="100%",
        data_testid="catalog-product",
    )


def colour_row(c: rx.Var) -> rx.Component:
    return rx.hstack(
        rx.box(width="22px", height="22px", border_radius="50%", background_color=c.hex,
               border="1px solid var(--gray-a6)"),
        rx.text(c.name, size="2", min_width="8rem"),
        rx.code(c.hex, size="1"),
        rx.text(c.uses.join(", "), size="1", color="var(--gray-11)"),
        rx.spacer(),
        rx.button(rx.cond(c.is_active, "Withdraw", "Offer"), size="1", variant="soft",
                  on_click=CatalogState.set_colour_active(c.id, ~c.is_active)),
        width="100%",
        align="center",
        data_testid="palette-colour",
        data_slug=c.slug,
    )  # fmt: skip


@MAIN.page(route="/admin/catalog", title="Catalog · Staff", on_load=[AuthState.require_admin, CatalogState.load])
def admin_catalog() -> rx.Component:
    """Staff: products, prices, stock and the builder's palette."""
    return staff_page(
        rx.hstack(
            rx.heading("Catalog", size="8", as_="h1"), rx.spacer(), rx.link("Staff area", href="/admin"), width="100%"
        ),  # fmt: skip
        rx.heading("Builder palette", size="5", as_="h2"),
        rx.vstack(rx.foreach(CatalogState.colours, colour_row), width="100%", spacing="2"),
        rx.form(
            rx.hstack(
                rx.input(name="slug", placeholder="slug, e.g. moss", size="2", width="9rem"),
                rx.input(name="name", placeholder="Name", size="2", width="9rem"),
                rx.input(name="hex", placeholder="#4a7c59", size="2", width="7rem"),
                *(
                    rx.el.label(rx.hstack(rx.el.input(type="checkbox", name=f"use_{use}"), rx.text(use, size="2")))
                    for use in ("webbing", "padding", "trim", "thread")
                ),
                rx.button("Save colour", type="submit", size="2"),
                wrap="wrap",
                align="center",
            ),
            *(error_for(f"colour:{field}") for field in ("slug", "name", "hex", "uses")),
            on_submit=CatalogState.save_colour,
            key=CatalogState.form_key,
            id="colour-form",
        ),  # fmt: skip
        rx.heading("Products", size="5", as_="h2"),
        rx.form(
            rx.hstack(rx.input(name="search", placeholder="Title or SKU", size="2"), rx.button("Find", size="2")),
            on_submit=CatalogState.find,
        ),
        rx.vstack(rx.foreach(CatalogState.products, product_block), width="100%", spacing="2"),
    )
