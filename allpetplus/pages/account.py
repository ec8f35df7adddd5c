"""``/account``: profile, preferences (units, newsletter, default pet) and password."""

import reflex as rx

from allpetplus.pages.site import MAIN
from allpetplus.state.account import AccountState
from allpetplus.state.auth import AuthState
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


@MAIN.page(route="/account", title="Account settings", on_load=[AuthState.require_user, AccountState.load])
def account() -> rx.Component:
    """Account settings."""
    return rx.cond(
        AuthState.signed_in,
        rx.vstack(
            rx.heading("Account settings", size="8", as_="h1"),
            rx.grid(
                profile_form(),
                rx.cond(AccountState.local_account, password_form()),
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
