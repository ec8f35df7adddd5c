"""``/``: the public landing page of the licensing site."""

import reflex as rx

from allpetplus.core.money import format_money
from allpetplus.licence.renewals import REMINDER_DAYS
from allpetplus.licence.rules import jurisdictions
from allpetplus.ui.components import feature_card, panel, section_heading, step_card
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
                rx.link(rx.button("Apply now", size="4"), href="/apply"),
                rx.link(rx.button("How it works", size="4", variant="soft"), href="#how-it-works"),
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


def fee_table(rules: dict) -> rx.Component:
    """One jurisdiction's fees, straight from its rules."""
    rows = [
        rx.table.row(
            rx.table.cell(f"{species.capitalize()}, {term} year{'s' if term != '1' else ''}"),
            rx.table.cell(format_money(fees["altered"], rules["currency"])),
            rx.table.cell(format_money(fees["unaltered"], rules["currency"])),
        )
        for species, terms in rules["fees"].items()
        for term, fees in terms.items()
    ]
    return panel(
        rx.heading(rules["name"], size="4", as_="h3"),
        rx.table.root(
            rx.table.header(
                rx.table.row(*(rx.table.column_header_cell(h) for h in ("Licence", "Altered", "Unaltered")))
            ),
            rx.table.body(*rows),
            width="100%",
        ),
        rx.text(
            f"Owners aged {rules['senior_age']} or more: {rules['senior_discount_percent']}% off. "
            + ("Service animals: no licence fee. " if rules["service_animal_waiver"] else "")
            + f"Renewing more than {rules['grace_days']} days after expiry adds "
            f"{format_money(rules['late_fee'], rules['currency'])}.",
            size="2",
            color="var(--gray-11)",
        ),
    )


def fees() -> rx.Component:
    return rx.vstack(
        section_heading("Fees", "Every fee line is shown before you pay, computed by the same rules that charge it."),
        rx.grid(
            *(fee_table(rules) for rules in jurisdictions().values()),
            columns=rx.breakpoints(initial="1", md="2"),
            spacing="4",
            width="100%",
        ),  # fmt: skip
        spacing="5",
        padding_y="2rem",
        id="fees",
    )


FAQ = (
    ("How long does approval take?", "Staff review applications within two business days. Your tag number "
     "appears in your licences (and by e-mail) as soon as the application is approved."),
    ("Can I choose a 3-year licence?", "Yes, if your pet's rabies vaccination is valid for the whole term: a "
     "licence never runs past the vaccination's expiry."),
    ("What if my pet's tag is lost?", "Replace it from your licences page in one click. The old number stops "
     "identifying your pet immediately and the new one works at once."),
    ("What does a finder see?", "Your pet's name and photo and the contact you chose (e-mail, phone or nothing). "
     "Never your address."),
    ("When do I renew?", f"We e-mail you {' and '.join(map(str, REMINDER_DAYS))} days before expiry. Renewing "
     "carries everything over; you only upload a new rabies certificate if the old one no longer covers the new "
     "term."),
)  # fmt: skip


def faq() -> rx.Component:
    return rx.vstack(
        section_heading("Questions", ""),
        rx.accordion.root(
            *(
                rx.accordion.item(header=question, content=answer, value=str(n))
                for n, (question, answer) in enumerate(FAQ)
            ),
            collapsible=True,
            width="100%",
            variant="ghost",
        ),  # fmt: skip
        rx.hstack(
            rx.link(rx.button("Start your application", size="4"), href="/apply", id="start"),
            rx.link(rx.button("Found a pet?", size="4", variant="soft"), href="/lookup"),
            spacing="3",
        ),
        spacing="5",
        padding_y="2rem",
        id="faq",
    )


@LICENSING.page(route="/", title="Pet Licensing")
def index() -> rx.Component:
    """The landing page."""
    return rx.box(hero(), how_it_works(), requirements(), fees(), faq(), id="landing")
