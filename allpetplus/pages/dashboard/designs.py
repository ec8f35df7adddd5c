"""``/dashboard/designs``: saved harness designs."""

import reflex as rx

from allpetplus.pages.dashboard.layout import dashboard_layout
from allpetplus.pages.site import MAIN
from allpetplus.state.auth import AuthState
from allpetplus.state.designs import DesignsState
from allpetplus.ui.components import empty_state, thumbnail
from allpetplus.ui.theme import CARD_SHADOW


def design_card(d: rx.Var) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.cond(
                d.image != "",
                thumbnail(d.image, d.image_alt, width="100%", height="auto", aspect_ratio="1 / 1"),
            ),
            rx.hstack(
                rx.cond(
                    DesignsState.renaming_id == d.id,
                    rx.form(
                        rx.hstack(
                            rx.input(name="name", default_value=d.name, size="2", auto_focus=True),
                            rx.button("Save", size="2", type="submit"),
                        ),
                        rx.cond(
                            DesignsState.rename_error != "",
                            rx.text(DesignsState.rename_error, color="var(--red-11)", size="1"),
                        ),
                        on_submit=DesignsState.rename,
                    ),
                    rx.heading(d.name, size="4", as_="h3", class_name="design-name"),
                ),
                rx.spacer(),
                rx.badge(
                    rx.cond(d.status == "ACTIVE", "Ready to order", "Draft"),
                    color_scheme=rx.cond(d.status == "ACTIVE", "teal", "gray"),
                ),
                width="100%",
                align="center",
            ),
            rx.text(
                d.summary.to(str) + rx.cond(d.pet_name != "", " · for " + d.pet_name.to(str), ""),
                size="2",
                color="var(--gray-11)",
            ),
            rx.cond(
                d.growth_alert != "",
                rx.callout(
                    d.growth_alert, icon="trending-up", color_scheme="amber", size="1", class_name="growth-alert"
                ),
            ),
            rx.hstack(
                rx.text(d.price, weight="bold"),
                rx.spacer(),
                rx.link(rx.button("Open", size="1"), href="/builder?design=" + d.id.to(str)),
                rx.button("Duplicate", size="1", variant="soft", on_click=DesignsState.duplicate(d.id)),
                rx.button("Rename", size="1", variant="soft", on_click=DesignsState.start_rename(d.id)),
                rx.button("Delete", size="1", variant="ghost", color_scheme="red", on_click=DesignsState.delete(d.id)),
                width="100%",
                align="center",
                wrap="wrap",
            ),
            spacing="2",
            width="100%",
        ),
        size="2",
        box_shadow=CARD_SHADOW,
        data_testid="design-card",
    )


@MAIN.page(route="/dashboard/designs", title="Designs", on_load=[AuthState.require_user, DesignsState.load])
def designs() -> rx.Component:
    """Saved harness designs."""
    return dashboard_layout(
        "designs",
        rx.cond(
            DesignsState.designs.length() > 0,
            rx.grid(
                rx.foreach(DesignsState.designs, design_card),
                columns=rx.breakpoints(initial="1", md="2"),
                spacing="4",
                width="100%",
            ),
            empty_state(
                "palette",
                "No designs yet",
                "Design a harness in your pet's colours and save it here to order it or come back later.",
                "Design a harness",
                "/builder",
            ),
        ),
    )
