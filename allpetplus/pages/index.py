"""``/``: the landing page — what All Pet Plus is, what sets it apart, and what is in the shop."""

import reflex as rx

from allpetplus.pages.site import MAIN
from allpetplus.storefront.catalog import ShopState
from allpetplus.ui.components import feature_card, product_card, section_heading, step_card
from allpetplus.ui.theme import CARD_SHADOW


def hero() -> rx.Component:
    return rx.grid(
        rx.vstack(
            rx.badge("Made to measure for your dog", size="2", radius="full"),
            rx.heading("A harness that fits, designed by you.", size="9", weight="bold", line_height="1.05"),
            rx.text(
                "Pick the style, colours and hardware, add your dog's name, and we size it from your "
                "pet's own measurements. Every price is explained line by line.",
                size="4",
                color="var(--gray-11)",
            ),
            rx.hstack(
                rx.link(rx.button("Design your harness", size="4"), href="/builder"),
                rx.link(rx.button("Shop the collection", size="4", variant="soft"), href="/shop"),
                spacing="3",
                wrap="wrap",
            ),
            spacing="5",
            align="start",
            justify="center",
        ),
        rx.center(
            rx.vstack(
                rx.icon("paw-print", size=120, color="var(--accent-9)", stroke_width=1.2),
                rx.hstack(
                    *(
                        rx.box(width="28px", height="28px", border_radius="999px", background_color=c)
                        for c in ("#1e6fd9", "#2f8f5b", "#f08a24", "#b4306b", "#3b3f46")
                    ),
                    spacing="2",
                ),
                rx.text("Step-in, overhead or vest · sizes XS–XL", size="2", color="var(--gray-11)"),
                align="center",
                spacing="4",
            ),
            background="radial-gradient(circle at 30% 20%, var(--accent-4), var(--accent-2) 70%)",
            border_radius="28px",
            min_height="320px",
            box_shadow=CARD_SHADOW,
        ),
        columns=rx.breakpoints(initial="1", md="2"),
        spacing="8",
        padding_y="4rem",
    )


def features() -> rx.Component:
    return rx.vstack(
        section_heading("Why pet owners choose us", "Four things you will not find together anywhere else."),
        rx.grid(
            feature_card(
                "ruler",
                "Fit from your pet's profile",
                "We size the harness from chest girth and weight history, and warn you before a growing puppy "
                "outgrows it.",
            ),
            feature_card(
                "receipt",
                "An explained price",
                "Every option you pick shows up as its own line; the total you see is the total you pay.",
            ),
            feature_card(
                "badge-check",
                "Licence tag on the harness",
                "Once your pet is licensed, the ID patch can carry the tag number and a QR code for lost-pet lookup.",
            ),
            feature_card(
                "lock",
                "Your design, frozen per order",
                "Each order keeps a snapshot of the design as bought, even if you edit it later.",
            ),
            columns=rx.breakpoints(initial="1", sm="2", lg="4"),
            spacing="4",
            width="100%",
        ),
        spacing="5",
        padding_y="2rem",
    )


def categories() -> rx.Component:
    return rx.vstack(
        section_heading("Shop by category"),
        rx.flex(
            rx.foreach(
                ShopState.categories,
                lambda cat: rx.link(
                    rx.hstack(
                        rx.icon(cat.icon, size=18), rx.text(cat.name, weight="medium"), spacing="2", align="center"
                    ),
                    href="/shop?category=" + cat.slug,
                    padding_x="1rem",
                    padding_y="0.6rem",
                    border_radius="999px",
                    background_color="var(--accent-3)",
                    color="var(--accent-12)",
                    _hover={"background_color": "var(--accent-4)"},
                ),
            ),
            wrap="wrap",
            gap="0.6rem",
            custom_attrs={"data-ssr-slot": "categories"},
        ),
        spacing="4",
        padding_y="2rem",
    )


def featured() -> rx.Component:
    return rx.vstack(
        rx.hstack(
            section_heading("Popular right now"),
            rx.spacer(),
            rx.link("See everything →", href="/shop", weight="medium"),
            width="100%",
            align="end",
        ),
        rx.grid(
            rx.foreach(ShopState.featured, lambda card: product_card(card)),
            columns=rx.breakpoints(initial="1", sm="2", lg="4"),
            spacing="4",
            width="100%",
            custom_attrs={"data-ssr-slot": "featured"},
        ),
        spacing="4",
        padding_y="2rem",
        width="100%",
    )


def how_it_works() -> rx.Component:
    return rx.card(
        rx.grid(
            step_card(1, "Add your pet", "Tell us their breed, chest girth and weight — or just their breed."),
            step_card(2, "Design the harness", "Style, colours, hardware and a name, with a live 3D preview."),
            step_card(3, "We make it", "Hand-finished and shipped with tracking; free returns if it doesn't fit."),
            columns=rx.breakpoints(initial="1", md="3"),
            spacing="6",
        ),
        size="4",
        margin_y="2rem",
        background_color="var(--accent-2)",
    )


@MAIN.page(route="/", title="All Pet Plus", on_load=ShopState.load_landing)
def index() -> rx.Component:
    """The landing page."""
    return rx.box(hero(), features(), how_it_works(), categories(), featured(), id="landing")
