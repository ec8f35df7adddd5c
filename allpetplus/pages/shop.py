"""``/shop``: the catalog, filtered by category."""

import reflex as rx

from allpetplus.pages.site import MAIN
from allpetplus.state.shop import ShopState
from allpetplus.ui.components import empty_state, product_card


def category_filter() -> rx.Component:
    def chip(label: rx.Var | str, slug: rx.Var | str, href: rx.Var | str) -> rx.Component:
        active = ShopState.category == slug
        return rx.link(
            rx.badge(
                label,
                size="3",
                radius="full",
                variant=rx.cond(active, "solid", "soft"),
                padding_x="0.9rem",
                padding_y="0.35rem",
                cursor="pointer",
            ),
            href=href,
        )

    return rx.el.nav(
        rx.flex(
            chip("All", "", "/shop"),
            rx.foreach(ShopState.categories, lambda cat: chip(cat.name, cat.slug, "/shop?category=" + cat.slug)),
            wrap="wrap",
            gap="0.5rem",
        ),
        aria_label="Categories",
    )


@MAIN.page(route="/shop", title="Shop", description="Harnesses, collars, leashes and more.", on_load=ShopState.load)
def shop() -> rx.Component:
    """The catalog grid."""
    return rx.vstack(
        rx.vstack(
            rx.heading(ShopState.heading, size="8", id="shop-heading"),
            rx.text("Everything ships in 2–4 days. Harnesses are made to order.", color="var(--gray-11)"),
            spacing="2",
        ),
        category_filter(),
        rx.cond(
            ShopState.loaded & (ShopState.products.length() == 0),
            empty_state(
                "search-x", "Nothing here yet", "No products match this category.", "See all products", "/shop"
            ),
            rx.grid(
                rx.foreach(ShopState.products, lambda card: product_card(card)),
                columns=rx.breakpoints(initial="1", sm="2", md="3", lg="4"),
                spacing="4",
                width="100%",
                id="product-grid",
            ),
        ),
        spacing="5",
        padding_y="2.5rem",
        width="100%",
    )
