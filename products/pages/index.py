"""``/``: the products app's landing page, with categories and best sellers from the catalog."""

import reflex as rx

from allpetplus.cart.pricing import free_shipping_offer
from allpetplus.core.settings import settings
from allpetplus.ui.components import feature_card, product_card, section_heading
from allpetplus.ui.theme import CARD_SHADOW
from products.pages.site import PRODUCTS
from products.state.catalog import CatalogState


def hero() -> rx.Component:
    return rx.vstack(
        rx.badge(free_shipping_offer(), size="2", radius="full"),
        rx.heading("Everything else your pet needs.", size="9", line_height="1.05", max_width="44rem"),
        rx.text(
            "Beds, bowls, toys and grooming for dogs and cats, plus collars and leashes that match your custom "
            "harness. Subscribe to a box and never run out of the essentials.",
            size="4",
            color="var(--gray-11)",
            max_width="40rem",
        ),
        rx.hstack(
            rx.link(rx.button("Browse the catalog", size="4"), href="/catalog"),
            rx.link(rx.button("Design a harness", size="4", variant="soft"), href=settings.MAIN_URL),
            spacing="3",
        ),
        spacing="5",
        padding_y="4rem",
        align="start",
    )


def category_tile(cat: rx.Var) -> rx.Component:
    return rx.link(
        rx.card(
            rx.hstack(
                rx.center(
                    rx.icon(cat.icon, size=24, color="var(--accent-11)"),
                    background_color="var(--accent-3)",
                    width="48px",
                    height="48px",
                    border_radius="14px",
                ),
                rx.vstack(
                    rx.heading(cat.name, size="4", as_="h3"),
                    rx.text(
                        CatalogState.counts[cat.slug].to(str)
                        + rx.cond(CatalogState.counts[cat.slug] == 1, " product", " products"),
                        size="2",
                        color="var(--gray-11)",
                    ),
                    spacing="1",
                ),
                align="center",
                spacing="3",
            ),
            size="2",
            box_shadow=CARD_SHADOW,
            data_testid="category-tile",
        ),
        href="/catalog?category=" + cat.slug,
        color="inherit",
    )


@PRODUCTS.page(route="/", title="All Pet Plus Products", on_load=CatalogState.load)
def index() -> rx.Component:
    """The landing page."""
    return rx.box(
        hero(),
        rx.grid(
            feature_card(
                "package",
                "Subscription boxes",
                "Food toppers, treats and toys on your schedule; skip or pause any time.",
            ),
            feature_card(
                "layers", "Matching sets", "Harness, collar and leash in the same colours, with a set discount."
            ),
            feature_card("truck", "Fast, tracked delivery", "Everything ships in 2–4 days with a tracking link."),
            columns=rx.breakpoints(initial="1", md="3"),
            spacing="4",
        ),
        rx.vstack(
            section_heading("Categories"),
            rx.grid(
                rx.foreach(CatalogState.categories, category_tile),
                columns=rx.breakpoints(initial="1", sm="2", lg="4"),
                spacing="4",
                width="100%",
                custom_attrs={"data-ssr-slot": "categories"},
            ),
            spacing="4",
            padding_y="3rem",
            id="categories",
        ),
        rx.vstack(
            section_heading("Best sellers"),
            rx.grid(
                rx.foreach(CatalogState.products[:8], lambda card: product_card(card)),
                columns=rx.breakpoints(initial="1", sm="2", lg="4"),
                spacing="4",
                width="100%",
                custom_attrs={"data-ssr-slot": "featured"},
            ),
            spacing="4",
            id="best-sellers",
        ),
        id="landing",
    )
