"""``/account``: profile, preferences (units, newsletter, default pet), password and saved cards."""

import reflex as rx

from allpetplus.pages.site import MAIN
from allpetplus.state.account import AccountState
from allpetplus.state.auth import AuthState
from allpetplus.state.cards import CardsState
from allpetplus.ui.components import confirm_dialog
from allpetplus.ui.forms import form_alert, labelled, text_field
from allpetplus.ui.theme import CARD_SHADOW


def profile_form() -> rx.Component:
    """Rendered once the profile is loaded, so the fields start with the saved values."""
    errors = AccountState.errors
    profile = AccountState.profile
    return rx.cond(
        ~profile.contains("email"),
        rx.center(rx.spinner(size="3"), padding_y="4rem"),
        rx.card(
            rx.form(
                rx.vstack(
                    rx.heading("Profile and preferences", size="5", as_="h2"),
                    text_field("Name", "display_name", errors, default_value=profile["display_name"].to(str)),
                    text_field("E-mail", "email", errors, type="email", default_value=profile["email"].to(str)),
                    email_status(),
                    labelled(
                        "Weight units",
                        rx.radio_group(
                            ["kg", "lb"], name="units", default_value=profile["units"].to(str), direction="row"
                        ),
                        errors,
                        "units",
                    ),
                    labelled(
                        "Default pet",
                        rx.el.select(
                            rx.el.option("No default", value=""),
                            rx.foreach(AccountState.pet_options, lambda p: rx.el.option(p["name"], value=p["id"])),
                            name="default_pet_id",
                            id="default_pet_id",
                            default_value=profile["default_pet_id"].to(str),
                            class_name="rt-reset rt-SelectTrigger rt-r-size-3 rt-variant-surface",
                            style={"width": "100%"},
                        ),
                        errors,
                        "default_pet_id",
                        hint="The builder starts with this pet's measurements.",
                    ),
                    rx.hstack(
                        rx.checkbox(
                            "Send me news and offers (about once a month)",
                            checked=AccountState.marketing_opt_in,
                            on_change=AccountState.set_marketing,
                        ),
                    ),
                    rx.button("Save settings", type="submit", id="save-profile"),
                    spacing="4",
                    width="100%",
                    align="start",
                ),
                on_submit=AccountState.save_profile,
                key=AccountState.loaded_at,
            ),
            size="4",
            box_shadow=CARD_SHADOW,
            width="100%",
        ),
    )


def email_status() -> rx.Component:
    """Whether the address is confirmed, with a button that sends the link when it is not."""
    return rx.match(
        AccountState.email_status,
        (
            "confirmed",
            rx.badge(rx.icon("badge-check", size=14), "E-mail confirmed", color_scheme="green", id="email-status"),
        ),  # fmt: skip
        (
            "unconfirmed",
            rx.callout(
                rx.vstack(
                    rx.text(
                        "Your e-mail address is not confirmed yet. Confirm it to see orders you placed in "
                        "our online store with it."
                    ),  # fmt: skip
                    rx.button(
                        "Send confirmation e-mail",
                        type="button",
                        variant="outline",
                        size="2",
                        on_click=AccountState.send_verification,
                        id="send-verification",
                    ),  # fmt: skip
                    spacing="2",
                    align="start",
                ),
                icon="mail-warning",
                color_scheme="amber",
                id="email-status",
                width="100%",
            ),
        ),
        rx.fragment(),
    )


def password_form() -> rx.Component:
    errors = AccountState.password_errors
    return rx.card(
        rx.form(
            rx.vstack(
                rx.heading("Password", size="5", as_="h2"),
                form_alert(errors),
                text_field(
                    "Current password", "current_password", errors, type="password", auto_complete="current-password"
                ),
                text_field(
                    "New password",
                    "new_password",
                    errors,
                    type="password",
                    auto_complete="new-password",
                    hint="At least 10 characters, mixing letters with digits or symbols.",
                ),
                text_field(
                    "Repeat the new password", "confirm_password", errors, type="password", auto_complete="new-password"
                ),
                rx.button("Change password", type="submit", id="change-password"),
                spacing="4",
                width="100%",
                align="start",
            ),
            on_submit=AccountState.change_password,
            reset_on_submit=True,
        ),
        size="4",
        box_shadow=CARD_SHADOW,
        width="100%",
    )


def saved_card(card: rx.Var) -> rx.Component:
    """One saved card: its name, expiry, whether boxes are charged to it, and removing it (after a confirmation)."""
    return rx.flex(
        rx.icon("credit-card", size=20, color=rx.color("teal", 11), flex_shrink="0"),
        rx.vstack(
            rx.text(card["label"], weight="medium"),
            rx.text("Expires ", card["expires"], size="1", color_scheme="gray"),
            spacing="0",
            flex="1",
            min_width="8rem",
        ),
        rx.cond(
            card["default"] == "yes",
            rx.badge("Boxes are charged to this card", color_scheme="teal", variant="soft"),
            rx.button("Use for boxes", variant="soft", size="2", on_click=CardsState.make_default(card["id"])),
        ),
        confirm_dialog(
            "Remove this card?",
            rx.alert_dialog.description(
                "The ",
                card["label"],
                " is removed here and at Stripe. ",
                rx.cond(card["default"] == "yes", "Your boxes will need another card, or they will be invoiced.", ""),
            ),  # fmt: skip
            keep=rx.button("Keep it", variant="soft", color_scheme="gray"),
            confirm=rx.button("Remove", color_scheme="red", on_click=CardsState.remove(card["id"])),
            trigger=rx.button("Remove", variant="outline", color_scheme="red", size="2"),
        ),
        class_name="saved-card",
        align="center",
        gap="3",
        wrap="wrap",
        padding_y="0.75rem",
        border_bottom=f"1px solid {rx.color('gray', 4)}",
        width="100%",
    )


def cards_panel() -> rx.Component:
    """The saved cards: boxes are charged to the default one on the day they ship."""
    return rx.card(
        rx.vstack(
            rx.heading("Payment cards", size="5", as_="h2"),
            rx.cond(
                CardsState.enabled,
                rx.vstack(
                    rx.text(
                        "Subscription boxes are charged to the card you choose, on the day each box ships. "
                        "Cards are saved by Stripe; we never see the number.",
                        size="2",
                        color_scheme="gray",
                    ),
                    rx.cond(
                        CardsState.notice != "",
                        rx.callout(
                            CardsState.notice,
                            icon="check",
                            color_scheme="teal",
                            size="1",
                            id="cards-notice",
                            width="100%",
                        ),
                    ),  # fmt: skip
                    rx.cond(
                        CardsState.problem != "",
                        rx.callout(
                            CardsState.problem,
                            icon="triangle-alert",
                            color_scheme="red",
                            size="1",
                            role="alert",
                            width="100%",
                        ),
                    ),  # fmt: skip
                    rx.cond(
                        CardsState.cards,
                        rx.vstack(
                            rx.foreach(CardsState.cards, saved_card), spacing="0", width="100%", id="saved-cards"
                        ),
                        rx.text(
                            "No card saved yet: boxes are invoiced until you add one.", size="2", id="no-cards"
                        ),  # fmt: skip
                    ),
                    rx.button(
                        rx.icon("plus", size=16),
                        "Add a card",
                        on_click=CardsState.add_card,
                        id="add-card",
                        variant="surface",
                    ),  # fmt: skip
                    spacing="3",
                    width="100%",
                    align="start",
                ),
                rx.text(
                    "This shop takes no cards yet: subscription boxes are paid on invoice.",
                    size="2",
                    color_scheme="gray",
                ),  # fmt: skip
            ),
            spacing="3",
            width="100%",
            align="start",
        ),
        id="cards",
        size="4",
        box_shadow=CARD_SHADOW,
        width="100%",
    )


@MAIN.page(
    route="/account", title="Account settings", on_load=[AuthState.require_user, AccountState.load, CardsState.load]
)
def account() -> rx.Component:
    """Account settings."""
    return rx.cond(
        AuthState.signed_in,
        rx.vstack(
            rx.heading("Account settings", size="8", as_="h1"),
            rx.grid(
                profile_form(),
                rx.vstack(
                    rx.cond(AccountState.local_account, password_form()), cards_panel(), spacing="5", width="100%"
                ),  # fmt: skip
                columns=rx.breakpoints(initial="1", md="2"),
                spacing="5",
                width="100%",
            ),
            spacing="5",
            padding_y="2rem",
            width="100%",
        ),
        rx.center(rx.spinner(size="3"), padding_y="6rem"),
    )
