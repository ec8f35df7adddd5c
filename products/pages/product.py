"""``/product/[handle]``: a product with its variants and add to cart."""

import reflex as rx

from allpetplus.ui.components import colour_dot, empty_state, product_tile
from products.pages.site import PRODUCTS
from products.state.shop import ItemState


@PRODUCTS.page(route="/product/[handle]", title="Product", on_load=ItemState.load)
def product_page() -> rx.Component:
    """A product with its variants and add to cart."""
    product = ItemState.product
    chosen = ItemState.chosen
    return rx.cond(
        ItemState.not_found,
        empty_state(
            "search-x",
            "We couldn't find that product",
            "It may have been retired.",
            "Back to the catalog",
            "/catalog",
            id="product-not-found",
        ),
        rx.cond(
            product,
            rx.grid(
                product_tile(product.icon, product.colours, height="360px"),
                rx.vstack(
                    rx.text(product.category, size="2", color="var(--accent-11)", text_transform="uppercase"),
                    rx.heading(product.title, size="8", id="product-title"),
                    rx.text(product.summary, size="4", color="var(--gray-11)"),
                    rx.select.root(
                        rx.select.trigger(id="variant", width="100%"),
                        rx.select.content(
                            rx.foreach(
                                product.variants,
                                lambda v: rx.select.item(
                                    v.title + " — " + v.price + rx.cond(v.in_stock, "", " (sold out)"), value=v.sku
                                ),
                            )
                        ),
                        value=ItemState.sku,
                        on_change=ItemState.choose,
                    ),
                    rx.cond(
                        chosen,
                        rx.hstack(
                            colour_dot(chosen.colour_hex.to(str), "18px"),
                            rx.heading(chosen.price, size="6", id="variant-price"),
                            rx.spacer(),
                            rx.cond(
                                chosen.in_stock,
                                rx.badge(chosen.stock.to(str) + " in stock", color_scheme="green"),
                                rx.badge("Sold out", color_scheme="red"),
                            ),
                            width="100%",
                            align="center",
                        ),
                    ),
                    rx.hstack(
                        rx.input(
                            type="number",
                            min=1,
                            value=ItemState.quantity.to(str),
                            on_change=ItemState.set_quantity,
                            width="5rem",
                            id="quantity",
                        ),
                        rx.button("Add to cart", on_click=ItemState.add, size="3", id="add-to-cart"),
                    ),
                    rx.cond(
                        ItemState.error != "",
                        rx.text(ItemState.error, color="var(--red-11)", role="alert", data_error_for="quantity"),
                    ),
                    rx.text(product.description, size="3"),
                    spacing="4",
                    align="start",
                ),
                columns=rx.breakpoints(initial="1", md="2"),
                spacing="7",
                padding_y="2rem",
                width="100%",
            ),
            rx.center(rx.spinner(size="3"), padding_y="6rem"),
        ),
    )
