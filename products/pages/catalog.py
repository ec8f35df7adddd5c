"""``/catalog``: every product, with filters."""

import reflex as rx

from allpetplus.cart.pricing import shop_currency
from allpetplus.core.money import format_money
from allpetplus.ui.components import empty_state, product_card
from products.pages.site import PRODUCTS
from products.state.shop import CatalogPageState

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
