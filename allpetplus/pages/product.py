"""``/product/[handle]``: one product with its sizes, colours, price and stock."""

import reflex as rx

from allpetplus.cart.pricing import free_shipping_offer
from allpetplus.pages.site import MAIN
from allpetplus.state.shop import ProductState
from allpetplus.ui.components import colour_dot, empty_state, product_tile
from allpetplus.ui.theme import CARD_SHADOW


def size_picker() -> rx.Component:
    return rx.cond(
        ProductState.product.sizes.length() > 0,
        rx.vstack(
            rx.text("Size", weight="bold", size="2"),
            rx.segmented_control.root(
                rx.foreach(ProductState.product.sizes, lambda s: rx.segmented_control.item(s, value=s)),
                value=ProductState.size,
                on_change=ProductState.choose_size,
                size="2",
                aria_label="Size",
            ),
            spacing="2",
        ),
    )


def colour_picker() -> rx.Component:
    def swatch(variant: rx.Var) -> rx.Component:
        chosen = ProductState.colour == variant.colour
        return rx.button(
            colour_dot(variant.colour_hex, "18px"),
            rx.text(variant.colour, size="2"),
            variant=rx.cond(chosen, "surface", "outline"),
            color_scheme=rx.cond(chosen, "teal", "gray"),
            on_click=ProductState.choose_colour(variant.colour),
            aria_pressed=chosen,
            size="2",
        )

    return rx.vstack(
        rx.text("Colour", weight="bold", size="2"),
        rx.flex(rx.foreach(ProductState.colours, swatch), wrap="wrap", gap="0.5rem"),
        spacing="2",
    )


def buy_box() -> rx.Component:
    variant = ProductState.selected
    return rx.card(
        rx.cond(
            variant,
            rx.vstack(
                rx.hstack(
                    rx.heading(variant.price, size="7", id="variant-price"),
                    rx.spacer(),
                    rx.cond(
                        variant.in_stock,
                        rx.badge(
                            rx.icon("check", size=14),
                            variant.stock.to(str) + " in stock",
                            color_scheme="green",
                            size="2",
                        ),
                        rx.badge("Out of stock", color_scheme="red", size="2"),
                    ),
                    width="100%",
                    align="center",
                ),
                rx.text("SKU " + variant.sku.to(str), size="1", color="var(--gray-10)"),
                rx.text(free_shipping_offer() + " · free returns within 30 days", size="2", color="var(--gray-11)"),
                spacing="2",
                width="100%",
            ),
            rx.text("This size is not made in that colour — pick another combination.", color="var(--gray-11)"),
        ),
        size="3",
        width="100%",
        box_shadow=CARD_SHADOW,
    )


def product_view() -> rx.Component:
    product = ProductState.product
    return rx.vstack(
        rx.hstack(
            rx.link("Shop", href="/shop", color="var(--gray-11)"),
            rx.text("/", color="var(--gray-9)"),
            rx.link(product.category, href="/shop?category=" + product.category_slug.to(str), color="var(--gray-11)"),
            spacing="2",
            size="2",
        ),
        rx.grid(
            product_tile(product.icon, product.colours, height="380px"),
            rx.vstack(
                rx.text(
                    product.category, size="2", weight="medium", color="var(--accent-11)", text_transform="uppercase"
                ),
                rx.heading(product.title, size="8", id="product-title"),
                rx.text(product.summary, size="4", color="var(--gray-11)"),
                size_picker(),
                colour_picker(),
                buy_box(),
                rx.text(product.description, size="3", color="var(--gray-12)", line_height="1.6"),
                spacing="4",
                align="start",
            ),
            columns=rx.breakpoints(initial="1", md="2"),
            spacing="7",
            width="100%",
        ),
        spacing="4",
        padding_y="2rem",
        width="100%",
    )


@MAIN.page(route="/product/[handle]", title="Product", on_load=ProductState.load)
def product() -> rx.Component:
    """The product page, or a friendly not-found view for an unknown handle."""
    return rx.cond(
        ProductState.not_found,
        empty_state(
            "search-x",
            "We couldn't find that product",
            "It may have been renamed or retired. Everything we sell is in the shop.",
            "Back to the shop",
            "/shop",
            id="product-not-found",
        ),
        rx.cond(ProductState.product, product_view(), rx.center(rx.spinner(size="3"), padding_y="6rem")),
    )
