"""``/admin/webhooks``: the webhook ledger, with replay."""

import reflex as rx

from allpetplus.pages.admin.layout import staff_page
from allpetplus.pages.site import MAIN
from allpetplus.state.admin import WebhooksState
from allpetplus.state.auth import AuthState


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
