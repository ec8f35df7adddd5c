"""The products app's shop: ``/catalog`` with filters, ``/product/[handle]`` and ``/sets``."""

import reflex as rx

from allpetplus.cart.pricing import set_discount_percent, shop_currency
from allpetplus.core.money import format_money
from allpetplus.ui.components import amount_row, colour_dot, empty_state, product_card, product_tile
from allpetplus.ui.theme import CARD_SHADOW
from products.pages.site import PRODUCTS
from products.state.shop import CatalogPageState, ItemState, SetState

SORTS = [("featured", "Featured"), ("price_asc", "Price: low to high"), ("price_desc", "Price: high to low"),
         ("name", "Name")]  # fmt: skip
# The price filter's choices, in whole units of the shop's currency (the state reads them as such).
PRICE_LIMITS = [
    (str(limit), "Up to " + format_money(limit * 100, shop_currency(), short=True)) for limit in (15, 25, 50)
]


def filter_select(name: str, label: str, options: rx.Var | list, all_label: str) -> rx.Component:
    items = (
        rx.foreach(options, lambda o: rx.select.item(o, value=o))
        if isinstance(options, rx.Var)
        else [rx.select.item(text, value=value) for value, text in options]
    )
    return rx.vstack(
        rx.text(label, size="1", color="var(--gray-11)"),
        rx.select.root(
            rx.select.trigger(id=f"filter-{name}", width="100%"),
            rx.select.content(
                rx.select.item(all_label, value="all"), *([items] if isinstance(options, rx.Var) else items)
            ),
            value=rx.cond(CatalogPageState.filters[name] == "", "all", CatalogPageState.filters[name]),
            on_change=lambda value: CatalogPageState.set_filter(name, value),
        ),
        spacing="1",
        min_width="150px",
    )


@PRODUCTS.page(route="/catalog", title="Catalog", on_load=CatalogPageState.load)
def catalog_page() -> rx.Component:
    """Every product, with filters."""
    return rx.vstack(
        rx.heading("Catalog", size="8", as_="h1"),
        rx.flex(
            rx.vstack(
                rx.text("Search", size="1", color="var(--gray-11)"),
                rx.input(
                    placeholder="Search products",
                    on_change=lambda v: CatalogPageState.set_filter("q", v),
                    debounce_timeout=250,
                    id="filter-q",
                ),
                spacing="1",
            ),
            filter_select(
                "category",
                "Category",
                [
                    (c, c.replace("-", " ").title())
                    for c in ("harnesses", "collars", "leashes", "beds", "toys", "feeding", "grooming")
                ],
                "All categories",
            ),
            filter_select("species", "For", [("dog", "Dogs"), ("cat", "Cats")], "Dogs and cats"),
            filter_select("size", "Size", CatalogPageState.sizes, "Any size"),
            filter_select("colour", "Colour", CatalogPageState.colours, "Any colour"),
            filter_select("max_price", "Price", PRICE_LIMITS, "Any price"),
            filter_select("sort", "Sort", SORTS[1:], "Featured"),
            gap="0.75rem",
            wrap="wrap",
            align="end",
        ),
        rx.text(
            CatalogPageState.products.length().to(str) + " products",
            size="2",
            color="var(--gray-11)",
            id="result-count",
        ),
        rx.cond(
            CatalogPageState.products.length() > 0,
            rx.grid(
                rx.foreach(CatalogPageState.products, lambda card: product_card(card)),
                columns=rx.breakpoints(initial="1", sm="2", md="3", lg="4"),
                spacing="4",
                width="100%",
            ),
            empty_state("search-x", "No products match", "Try fewer filters.", "Clear filters", "/catalog"),
        ),
        spacing="4",
        padding_y="2rem",
        width="100%",
    )


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


def part_picker(part: str, label: str, variants: rx.Var) -> rx.Component:
    return rx.vstack(
        rx.text(label, weight="bold", size="2"),
        rx.select.root(
            rx.select.trigger(id=f"set-{part}", width="100%"),
            rx.select.content(rx.foreach(variants, lambda v: rx.select.item(v.title + " — " + v.price, value=v.sku))),
            value=SetState.picks[part].to(str),
            on_change=lambda sku: SetState.choose_part(part, sku),
        ),
        spacing="1",
        width="100%",
    )


@PRODUCTS.page(route="/sets", title="Matching sets", on_load=SetState.load)
def sets_page() -> rx.Component:
    """Harness, collar and leash in one colour, with a set discount."""
    return rx.grid(
        rx.vstack(
            rx.heading("A matching set", size="8", as_="h1"),
            rx.text(
                f"Harness, collar and leash in the same colour: {set_discount_percent()}% off the three together.",
                color="var(--gray-11)",
            ),
            rx.text("Colour", weight="bold", size="2"),
            rx.flex(
                rx.foreach(
                    SetState.colours,
                    lambda c: rx.button(
                        c,
                        variant=rx.cond(SetState.colour == c, "solid", "outline"),
                        on_click=SetState.choose_colour(c),
                        data_colour=c,
                    ),
                ),
                gap="0.4rem",
                wrap="wrap",
            ),
            part_picker("harness", "Harness", SetState.harness),
            part_picker("collar", "Collar", SetState.collar),
            part_picker("leash", "Leash", SetState.leash),
            spacing="4",
            width="100%",
        ),
        rx.card(
            rx.vstack(
                rx.heading("Set price", size="4", as_="h2"),
                rx.cond(
                    SetState.quote,
                    rx.vstack(
                        rx.foreach(
                            SetState.quote.lines,
                            lambda line: amount_row(line.title, line.amount),
                        ),
                        rx.divider(),
                        rx.foreach(
                            SetState.quote.totals,
                            lambda t: amount_row(t.label, t.amount, data_code=t.code),
                        ),
                        width="100%",
                        id="set-breakdown",
                    ),
                ),
                rx.button("Add set to cart", on_click=SetState.add_set, size="3", id="add-set"),
                rx.cond(SetState.error != "", rx.text(SetState.error, color="var(--red-11)", role="alert")),
                spacing="3",
                width="100%",
            ),
            size="3",
            box_shadow=CARD_SHADOW,
        ),
        columns=rx.breakpoints(initial="1", md="2"),
        spacing="6",
        padding_y="2rem",
        width="100%",
    )
