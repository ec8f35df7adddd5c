"""``/boxes``: subscription boxes — plans, subscribing, and managing each pet's box."""

import reflex as rx

from allpetplus.cart.pricing import shipping_countries
from allpetplus.core.settings import settings
from allpetplus.ui.components import feature_card
from allpetplus.ui.forms import form_alert, labelled, text_field
from allpetplus.ui.theme import CARD_SHADOW
from products.pages.site import PRODUCTS
from products.state.boxes import BoxesState


def subscribe_form() -> rx.Component:
    errors = BoxesState.errors
    return rx.card(
        rx.form(
            rx.vstack(
                rx.heading("Start a box", size="5", as_="h2"),
                form_alert(errors),
                labelled(
                    "Box",
                    rx.el.select(
                        rx.foreach(BoxesState.plans, lambda p: rx.el.option(p["name"], value=p["slug"])),
                        name="plan",
                        id="plan",
                        class_name="rt-reset rt-SelectTrigger rt-r-size-2 rt-variant-surface",
                    ),
                    errors,
                    "plan",
                ),
                labelled(
                    "For",
                    rx.el.select(
                        rx.foreach(BoxesState.pets, lambda p: rx.el.option(p["name"], value=p["id"])),
                        name="pet_id",
                        id="pet_id",
                        class_name="rt-reset rt-SelectTrigger rt-r-size-2 rt-variant-surface",
                    ),
                    errors,
                    "pet_id",
                ),
                labelled(
                    "How often",
                    rx.radio_group(["1", "2"], name="frequency_months", default_value="1", direction="row"),
                    errors,
                    "frequency_months",
                    hint="1 = every month, 2 = every two months",
                ),
                text_field("First box ships on", "first_shipment", errors, type="date"),
                text_field("Name", "name", errors, default_value=BoxesState.display_name),
                text_field("Street address", "line1", errors),
                rx.grid(
                    text_field("City", "city", errors),
                    text_field("State / province", "region", errors),
                    text_field("ZIP / postal code", "postal_code", errors),
                    text_field(f"Country ({' or '.join(shipping_countries())})", "country", errors, default_value="US"),
                    columns="2",
                    spacing="3",
                    width="100%",
                ),
                rx.button("Subscribe", type="submit", id="subscribe"),
                spacing="3",
                width="100%",
            ),
            on_submit=BoxesState.subscribe,
        ),
        size="3",
        box_shadow=CARD_SHADOW,
        width="100%",
    )


def subscription_card(sub: rx.Var) -> rx.Component:
    active = sub.status == "ACTIVE"
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.heading(sub.plan + " for " + sub.pet_name, size="4", as_="h3"),
                rx.badge(sub.status_label, class_name="box-status", color_scheme=rx.cond(active, "green", "amber")),
                rx.spacer(),
                rx.text(sub.price + " " + sub.frequency, size="2"),
                width="100%",
                align="center",
            ),
            rx.cond(
                sub.paused_reason != "",
                rx.callout(sub.paused_reason, icon="pause", color_scheme="amber", size="1", class_name="paused-reason"),
            ),
            rx.text(
                "Next box: " + sub.next_shipment_on + rx.cond(sub.skip_next, " (skipped)", "") + " · size " + sub.size,
                size="2",
                class_name="next-box",
            ),
            rx.cond(sub.extras.length() > 0, rx.text("Extras in the next box: " + sub.extras.join(", "), size="2")),
            rx.cond(
                sub.needs_card,
                rx.callout(
                    rx.text(
                        sub.payment + " ",
                        rx.link(
                            "Choose a card",
                            href=f"{settings.MAIN_URL}/account#cards",
                            target="_top",
                            class_name="choose-card",
                        ),  # fmt: skip
                    ),
                    icon="credit-card",
                    color_scheme="amber",
                    size="1",
                    class_name="box-payment",
                ),
                rx.text(sub.payment, size="2", color_scheme="gray", class_name="box-payment"),
            ),
            rx.hstack(
                rx.cond(
                    active,
                    rx.button(
                        rx.cond(sub.skip_next, "Don't skip", "Skip next box"),
                        size="1",
                        variant="soft",
                        on_click=BoxesState.skip(sub.id, ~sub.skip_next),
                    ),
                ),
                rx.cond(active, rx.button("Ship now", size="1", variant="soft", on_click=BoxesState.ship_now(sub.id))),
                rx.cond(
                    active,
                    rx.button("Pause", size="1", variant="soft", on_click=BoxesState.pause(sub.id)),
                    rx.cond(sub.status == "PAUSED", rx.button("Resume", size="1", on_click=BoxesState.resume(sub.id))),
                ),
                rx.cond(
                    sub.status != "CANCELLED",
                    rx.button(
                        "Cancel", size="1", variant="ghost", color_scheme="red", on_click=BoxesState.cancel(sub.id)
                    ),
                ),
                wrap="wrap",
            ),
            rx.cond(
                active,
                rx.form(
                    rx.hstack(
                        rx.el.input(type="hidden", name="subscription_id", value=sub.id),
                        rx.el.select(
                            rx.el.option("Keep frequency", value=""),
                            rx.el.option("Every month", value="1"),
                            rx.el.option("Every two months", value="2"),
                            name="frequency_months",
                            class_name="rt-reset rt-SelectTrigger rt-r-size-1 rt-variant-surface",
                        ),
                        rx.input(type="date", name="next_shipment", size="1"),
                        rx.el.select(
                            rx.el.option("Add a one-off…", value=""),
                            rx.foreach(BoxesState.extras, lambda e: rx.el.option(e["label"], value=e["sku"])),
                            name="extra_sku",
                            class_name="rt-reset rt-SelectTrigger rt-r-size-1 rt-variant-surface",
                        ),
                        rx.button("Save changes", size="1", type="submit"),
                        wrap="wrap",
                        align="center",
                    ),
                    on_submit=BoxesState.change,
                    reset_on_submit=True,
                ),
            ),
            spacing="2",
            width="100%",
        ),
        width="100%",
        data_testid="box",
    )


@PRODUCTS.page(route="/boxes", title="Subscription boxes", on_load=BoxesState.load)
def boxes_page() -> rx.Component:
    """Plans, and the signed-in user's boxes."""
    return rx.vstack(
        rx.heading("Subscription boxes", size="8", as_="h1"),
        rx.text(
            "Treats, toys and care sized for your pet, on your schedule. Skip, pause or cancel any time.",
            color="var(--gray-11)",
        ),
        rx.grid(
            rx.foreach(
                BoxesState.plans, lambda p: feature_card("package", p["name"] + " · " + p["price"], p["description"])
            ),
            columns=rx.breakpoints(initial="1", md="2"),
            spacing="4",
            width="100%",
        ),
        rx.cond(
            BoxesState.signed_in,
            rx.grid(
                rx.vstack(
                    rx.heading("Your boxes", size="5", as_="h2"),
                    rx.foreach(BoxesState.subscriptions, subscription_card),
                    width="100%",
                ),
                subscribe_form(),
                columns=rx.breakpoints(initial="1", md="2"),
                spacing="5",
                width="100%",
            ),
            rx.callout.root(
                rx.callout.text(rx.link("Sign in", href=BoxesState.sign_in_url), " to start a box for your pet."),
            ),
        ),
        spacing="4",
        padding_y="2rem",
        width="100%",
    )
