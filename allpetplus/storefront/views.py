"""The shop's two views, drawn the same in the main app and the products app: the catalogue with its filters
and a product page with add to cart. Each app registers them at its own routes (``pages/shop.py``,
``pages/product.py``; the products app's ``catalog`` and ``product`` pages)."""

from __future__ import annotations

import reflex as rx

from allpetplus.application.pictures import PAGE_SIZES
from allpetplus.cart.pricing import free_shipping_offer, shop_currency
from allpetplus.core.money import format_money
from allpetplus.storefront.catalog import MAX_QUANTITY, ProductState, ShopState
from allpetplus.ui.components import colour_dot, empty_state, product_card, product_picture, product_tile
from allpetplus.ui.theme import CARD_SHADOW

SORTS = [("featured", "Featured"), ("price_asc", "Price: low to high"), ("price_desc", "Price: high to low"),
         ("name", "Name")]  # fmt: skip
SPECIES = [("dog", "Dogs"), ("cat", "Cats")]
# The price filter's choices, in whole units of the shop's currency (the state reads them as such).
PRICE_LIMITS = [
    (str(limit), "Up to " + format_money(limit * 100, shop_currency(), short=True)) for limit in (15, 25, 50)
]


# ---------------------------------------------------------------- the catalogue


def category_chips(base: str) -> rx.Component:
    """The categories as links (``base?category=…``), the chosen one filled."""

    def chip(label: rx.Var | str, slug: rx.Var | str, href: rx.Var | str) -> rx.Component:
        active = ShopState.filters["category"] == slug
        return rx.link(
            rx.badge(
                label,
                size="3",
                radius="full",
                variant=rx.cond(active, "solid", "soft"),
                padding_x="0.9rem",
                padding_y="0.35rem",
                cursor="pointer",
            ),  # fmt: skip
            href=href,
            aria_current=rx.cond(active, "page", "false"),
        )

    return rx.el.nav(
        rx.flex(
            chip("All", "", base),
            rx.foreach(ShopState.categories, lambda cat: chip(cat.name, cat.slug, base + "?category=" + cat.slug)),
            wrap="wrap",
            gap="0.5rem",
        ),
        aria_label="Categories",
    )


def filter_select(name: str, label: str, options: rx.Var | list, all_label: str = "") -> rx.Component:
    """One filter as a labelled select; ``all_label`` names the choice that clears it."""
    items = (
        rx.foreach(options, lambda o: rx.select.item(o, value=o))
        if isinstance(options, rx.Var)
        else [rx.select.item(text, value=value) for value, text in options]
    )
    clear = [rx.select.item(all_label, value="all")] if all_label else []
    value = ShopState.filters[name]
    return rx.vstack(
        rx.text(label, size="1", color="var(--gray-11)", as_="label", html_for=f"filter-{name}"),
        rx.select.root(
            rx.select.trigger(id=f"filter-{name}", width="100%", aria_label=label),
            rx.select.content(*clear, *([items] if isinstance(options, rx.Var) else items)),
            value=rx.cond(value == "", "all", value) if all_label else value,
            on_change=lambda chosen: ShopState.set_filter(name, chosen),
        ),
        spacing="1",
        min_width="140px",
        flex="1 1 140px",
    )


def filters_bar() -> rx.Component:
    """Search, species, size, colour, price and sort."""
    return rx.flex(
        rx.vstack(
            rx.text("Search", size="1", color="var(--gray-11)", as_="label", html_for="filter-q"),
            rx.input(
                placeholder="Search products",
                default_value=ShopState.filters["q"],
                on_change=lambda v: ShopState.set_filter("q", v),
                debounce_timeout=250,
                id="filter-q",
                aria_label="Search products",
                type="search",
                width="100%",
            ),
            spacing="1",
            flex="2 1 200px",
        ),
        filter_select("species", "For", SPECIES, "Dogs and cats"),
        filter_select("size", "Size", ShopState.sizes, "Any size"),
        filter_select("colour", "Colour", ShopState.colours, "Any colour"),
        filter_select("max_price", "Price", PRICE_LIMITS, "Any price"),
        filter_select("sort", "Sort by", SORTS),
        gap="0.75rem",
        wrap="wrap",
        align="end",
        width="100%",
    )


def pager() -> rx.Component:
    """Previous and next page of a catalogue longer than a page, as links (they work without JavaScript)."""
    return rx.cond(
        ShopState.pages > 1,
        rx.hstack(
            rx.cond(
                ShopState.previous_path != "",
                rx.link("← Previous page", href=ShopState.previous_path, id="previous-page", weight="medium"),
            ),  # fmt: skip
            rx.text(
                "Page ",
                ShopState.page,
                rx.cond(ShopState.more, "", " of " + ShopState.pages.to_string()),
                size="2",
                color="var(--gray-11)",
            ),  # fmt: skip
            rx.cond(
                ShopState.next_path != "",
                rx.link("Next page →", href=ShopState.next_path, id="next-page", weight="medium"),
            ),  # fmt: skip
            justify="center",
            align="center",
            spacing="5",
            width="100%",
            id="pager",
            as_="nav",
            aria_label="Pages",
        ),
    )


def catalog_view(base: str) -> rx.Component:
    """The whole catalogue at ``base`` (``/shop`` or ``/catalog``)."""
    return rx.vstack(
        rx.vstack(
            rx.heading(ShopState.heading, size="8", id="shop-heading", as_="h1"),
            rx.text("Everything ships in 2–4 days. Harnesses are made to order.", color="var(--gray-11)"),
            spacing="2",
        ),
        category_chips(base),
        filters_bar(),
        rx.text(ShopState.result_count, size="2", color="var(--gray-11)", id="result-count", aria_live="polite"),
        rx.cond(
            ShopState.loaded & (ShopState.products.length() == 0),
            empty_state("search-x", "No products match", "Try fewer filters.", "Clear filters", base),
            rx.grid(
                rx.foreach(ShopState.products, lambda card: product_card(card)),
                columns=rx.breakpoints(initial="1", xs="2", md="3", lg="4"),
                spacing="4",
                width="100%",
                id="product-grid",
            ),
        ),
        pager(),
        spacing="5",
        padding_y="2rem",
        width="100%",
    )


# ---------------------------------------------------------------- a product


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

    return rx.cond(
        ProductState.colour_choices.length() > 0,
        rx.vstack(
            rx.text("Colour", weight="bold", size="2"),
            rx.flex(rx.foreach(ProductState.colour_choices, swatch), wrap="wrap", gap="0.5rem"),
            spacing="2",
        ),
    )


def buy_box() -> rx.Component:
    """Price, stock, quantity and Add to cart for the chosen size and colour."""
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
                rx.hstack(
                    rx.vstack(
                        rx.text("Quantity", size="1", color="var(--gray-11)", as_="label", html_for="quantity"),
                        rx.input(
                            type="number",
                            min=1,
                            max=MAX_QUANTITY,
                            default_value="1",
                            id="quantity",
                            aria_label="Quantity",
                            on_change=ProductState.set_quantity,
                            width="5.5rem",
                            size="3",
                        ),  # fmt: skip
                        spacing="1",
                    ),
                    rx.button(
                        rx.icon("shopping-cart", size=18),
                        "Add to cart",
                        on_click=ProductState.add,
                        disabled=~variant.in_stock.to(bool),
                        size="3",
                        id="add-to-cart",
                        flex="1",
                    ),
                    align="end",
                    width="100%",
                    spacing="3",
                ),
                rx.cond(
                    ProductState.error != "",
                    rx.text(
                        ProductState.error, color="var(--red-11)", size="2", role="alert", data_error_for="quantity"
                    ),  # fmt: skip
                ),
                rx.text("SKU " + variant.sku.to(str), size="1", color="var(--gray-10)"),
                rx.text(free_shipping_offer() + " · free returns within 30 days", size="2", color="var(--gray-11)"),
                spacing="3",
                width="100%",
            ),
            rx.text("This size is not made in that colour — pick another combination.", color="var(--gray-11)"),
        ),
        size="3",
        width="100%",
        box_shadow=CARD_SHADOW,
    )


def product_details(shop: str) -> rx.Component:
    product = ProductState.product
    return rx.vstack(
        rx.el.nav(
            rx.hstack(
                rx.link("Shop", href=shop, color="var(--gray-11)"),
                rx.text("/", color="var(--gray-9)", aria_hidden="true"),
                rx.link(
                    product.category, href=shop + "?category=" + product.category_slug.to(str), color="var(--gray-11)"
                ),  # fmt: skip
                spacing="2",
                size="2",
            ),
            aria_label="Breadcrumb",
        ),
        rx.grid(
            product_picture(
                ProductState.picture["src"],
                ProductState.picture["srcset"],
                ProductState.picture["alt"],
                PAGE_SIZES,
                product_tile(product.icon, product.colours),
                fetch_priority="high",
            ),
            rx.vstack(
                rx.text(
                    product.category, size="2", weight="medium", color="var(--accent-11)", text_transform="uppercase"
                ),  # fmt: skip
                rx.heading(product.title, size="8", id="product-title", as_="h1"),
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


def product_view(shop: str) -> rx.Component:
    """The product page, or a friendly not-found view for an unknown handle; ``shop`` is the catalogue's path."""
    return rx.cond(
        ProductState.not_found,
        empty_state(
            "search-x",
            "We couldn't find that product",
            "It may have been renamed or retired. Everything we sell is in the shop.",
            "Back to the shop",
            shop,
            id="product-not-found",
        ),
        rx.cond(ProductState.product, product_details(shop), rx.center(rx.spinner(size="3"), padding_y="6rem")),
    )
