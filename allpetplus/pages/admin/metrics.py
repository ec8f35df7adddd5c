"""``/admin/metrics``: business metrics from the recorded events, with charts."""

import reflex as rx

from allpetplus.pages.admin.layout import staff_page
from allpetplus.pages.site import MAIN
from allpetplus.state.admin import MetricsState
from allpetplus.state.auth import AuthState


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
