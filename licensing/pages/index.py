"""``/``: the public landing page of the licensing site."""

import reflex as rx

from allpetplus.ui.components import feature_card, section_heading, step_card
from allpetplus.ui.theme import CARD_SHADOW
from licensing.pages.site import LICENSING

REQUIREMENTS = (
    ("syringe", "Rabies vaccination certificate", "Your licence term cannot run past the vaccination's expiry date."),
    ("scissors", "Spay/neuter proof", "Altered pets pay the lower fee; a vet's note or certificate is enough."),
    ("cpu", "Microchip number", "Optional but recommended: 15 digits, printed on your vet paperwork."),
    ("home", "Your address", "Licences are issued by the jurisdiction where your pet lives."),
)


def hero() -> rx.Component:
    return rx.grid(
        rx.vstack(
            rx.badge("Official municipal licensing", size="2", radius="full"),
            rx.heading("License your pet in about ten minutes.", size="9", line_height="1.05"),
            rx.text(
                "Apply online, upload your vet documents, and pay the fee you see up front. "
                "Your tag number arrives as soon as staff approve the application.",
                size="4",
                color="var(--gray-11)",
            ),
            rx.hstack(
                rx.link(rx.button("How it works", size="4"), href="#how-it-works"),
                rx.link(rx.button("What you need", size="4", variant="soft"), href="#requirements"),
                spacing="3",
                wrap="wrap",
            ),
            spacing="5",
            align="start",
            justify="center",
        ),
        rx.center(
            rx.card(
                rx.vstack(
                    rx.hstack(
                        rx.icon("badge-check", size=28, color="var(--accent-9)"),
                        rx.heading("Licence tag", size="5"),
                        align="center",
                    ),
                    rx.heading("No. 2026-004217", size="7", font_family="ui-monospace, monospace"),
                    rx.text("Biscuit · Golden Retriever", color="var(--gray-11)"),
                    rx.text("Valid until 18 April 2027", size="2", color="var(--gray-11)"),
                    spacing="3",
                ),
                size="4",
                box_shadow=CARD_SHADOW,
                transform="rotate(-2deg)",
            ),
            background="radial-gradient(circle at 70% 30%, var(--accent-4), var(--accent-2) 70%)",
            border_radius="28px",
            min_height="300px",
        ),
        columns=rx.breakpoints(initial="1", md="2"),
        spacing="8",
        padding_y="4rem",
    )


def how_it_works() -> rx.Component:
    return rx.vstack(
        section_heading("How it works", "Four steps from application to tag."),
        rx.grid(
            step_card(1, "Tell us about you and your pet", "Owner, address, species, breed and microchip."),
            step_card(2, "Upload vet documents", "Rabies certificate and, for the altered fee, spay/neuter proof."),
            step_card(3, "Pay the fee", "Every fee line is shown before you pay: base fee, discounts, late fee."),
            step_card(4, "Get your tag", "Staff review within two business days and your tag number is issued."),
            columns=rx.breakpoints(initial="1", sm="2", lg="4"),
            spacing="6",
        ),
        spacing="5",
        padding_y="2rem",
        id="how-it-works",
    )


def requirements() -> rx.Component:
    return rx.vstack(
        section_heading("What you need", "Have these ready before you start; you can save a draft and come back."),
        rx.grid(
            *(feature_card(icon, title, text) for icon, title, text in REQUIREMENTS),
            columns=rx.breakpoints(initial="1", sm="2", lg="4"),
            spacing="4",
            width="100%",
        ),
        spacing="5",
        padding_y="2rem",
        id="requirements",
    )


def fees_note() -> rx.Component:
    return rx.callout(
        "Fees depend on whether your pet is spayed or neutered, on the owner's age (seniors pay less), on the "
        "term (1 or 3 years) and on whether you renew on time. The application shows your exact fee, line by "
        "line, before you pay. Service animals are licensed free of charge.",
        icon="info",
        size="3",
        margin_y="2rem",
    )


@LICENSING.page(route="/", title="Pet Licensing")
def index() -> rx.Component:
    """The landing page."""
    return rx.box(hero(), how_it_works(), requirements(), fees_note(), id="landing")
