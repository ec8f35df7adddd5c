"""``/sign-in`` and ``/sign-up``: local accounts (or Clerk's sign-in when it is configured)."""

import reflex as rx

from allpetplus.core.settings import settings
from allpetplus.pages.site import MAIN
from allpetplus.state.auth import AuthState, SignInState, SignUpState, VerifyEmailState
from allpetplus.ui.forms import form_alert, text_field
from allpetplus.ui.theme import CARD_SHADOW
from allpetplus.user.auth import clerk_enabled, clerk_issuer


def auth_card(title: str, subtitle: str, *children: rx.Component) -> rx.Component:
    return rx.center(
        rx.card(
            rx.vstack(
                rx.heading(title, size="7", as_="h1"),
                rx.text(subtitle, color="var(--gray-11)"),
                *children,
                spacing="4",
                width="100%",
            ),
            size="4",
            width="100%",
            max_width="440px",
            box_shadow=CARD_SHADOW,
        ),
        padding_y="4rem",
    )


def clerk_form(kind: str = "SignIn") -> rx.Component:
    """Clerk's own sign-in (or, with ``kind="SignUp"``, sign-up) widget, mounted from the instance's frontend
    API: with Clerk on, local accounts are off (``user.service.require_local_accounts``)."""
    script = f"{clerk_issuer()}/npm/@clerk/clerk-js@5/dist/clerk.browser.js"
    element = f"clerk-{kind.lower()}"
    return rx.fragment(
        rx.el.div(id=element),
        rx.script(
            src=script,
            custom_attrs={"data-clerk-publishable-key": settings.CLERK_PUBLISHABLE_KEY, "crossorigin": "anonymous"},
            on_ready=rx.call_script(
                "window.Clerk && window.Clerk.load().then(() => "
                f"window.Clerk.mount{kind}(document.getElementById('{element}'), {{forceRedirectUrl: '/dashboard'}}))"
            ),
        ),
    )


def local_sign_in() -> rx.Component:
    errors = SignInState.errors
    return rx.form(
        rx.vstack(
            form_alert(errors),
            text_field("E-mail", "email", errors, type="email", auto_complete="email", required=True),
            text_field(
                "Password", "password", errors, type="password", auto_complete="current-password", required=True
            ),
            rx.button("Sign in", type="submit", size="3", width="100%", loading=SignInState.working),
            rx.text(
                "New here? ",
                rx.link("Create an account", href="/sign-up"),
                size="2",
                color="var(--gray-11)",
            ),
            spacing="4",
            width="100%",
        ),
        on_submit=SignInState.submit,
        width="100%",
        id="sign-in-form",
    )


@MAIN.page(route="/sign-in", title="Sign in", on_load=SignInState.reset_form)
def sign_in() -> rx.Component:
    """The sign-in page."""
    return auth_card(
        "Welcome back",
        "Sign in to see your pets, designs, orders and licences.",
        clerk_form() if clerk_enabled() else local_sign_in(),
    )


def local_sign_up() -> rx.Component:
    errors = SignUpState.errors
    return rx.form(
        rx.vstack(
            form_alert(errors),
            text_field("Your name", "display_name", errors, auto_complete="name"),
            text_field("E-mail", "email", errors, type="email", auto_complete="email", required=True),
            text_field(
                "Password",
                "password",
                errors,
                type="password",
                auto_complete="new-password",
                required=True,
                hint="At least 10 characters, mixing letters with digits or symbols.",
            ),
            rx.button("Create account", type="submit", size="3", width="100%", loading=SignUpState.working),
            rx.text("Already have an account? ", rx.link("Sign in", href="/sign-in"), size="2", color="var(--gray-11)"),
            spacing="4",
            width="100%",
        ),
        on_submit=SignUpState.submit,
        width="100%",
        id="sign-up-form",
    )


@MAIN.page(route="/sign-up", title="Create an account", on_load=SignUpState.reset_form)
def sign_up() -> rx.Component:
    """The sign-up page."""
    return auth_card(
        "Create your account",
        "Keep your pets' measurements, save harness designs and license your pet in one place.",
        clerk_form("SignUp") if clerk_enabled() else local_sign_up(),
    )


@MAIN.page(route="/verify-email", title="Confirm your e-mail", on_load=VerifyEmailState.confirm)
def verify_email() -> rx.Component:
    """Where the confirmation link lands: the address is confirmed, or the page says why not."""
    return auth_card(
        "Confirm your e-mail",
        "Confirming your address lets your account use it.",
        rx.match(
            VerifyEmailState.outcome,
            (
                "confirmed",
                rx.vstack(
                    rx.callout(
                        rx.text(
                            VerifyEmailState.confirmed_email,
                            " is confirmed. Orders you placed in our online store with it now appear in your orders.",
                        ),  # fmt: skip
                        icon="badge-check",
                        color_scheme="green",
                        id="verify-outcome",
                        width="100%",
                    ),
                    rx.cond(
                        AuthState.signed_in,
                        rx.link(rx.button("See your orders", size="3"), href="/dashboard/orders"),
                        rx.link(rx.button("Sign in", size="3"), href="/sign-in?next=/dashboard/orders"),
                    ),
                    spacing="4",
                    width="100%",
                ),
            ),
            (
                "refused",
                rx.vstack(
                    rx.callout(
                        VerifyEmailState.message,
                        icon="triangle-alert",
                        color_scheme="red",
                        id="verify-outcome",
                        width="100%",
                    ),  # fmt: skip
                    rx.link(rx.button("Go to your account", variant="outline", size="3"), href="/account"),
                    spacing="4",
                    width="100%",
                ),
            ),
            rx.center(rx.spinner(size="3"), padding_y="2rem"),
        ),
    )
