"""The shop's states, the same in the main app and the products app: the catalogue with its filters (kept
in the URL, so a filtered list can be shared and reloaded) and a product page with add to cart."""

from __future__ import annotations

import json
from urllib.parse import urlencode

import reflex as rx

from allpetplus.application import pictures
from allpetplus.cart import service as carts
from allpetplus.catalog import service as catalog
from allpetplus.catalog.models import CategoryOut, ProductCard, ProductDetail, VariantOut
from allpetplus.core.db import session_scope
from allpetplus.core.inputs import whole_number
from allpetplus.core.money import format_money
from allpetplus.core.words import plural
from allpetplus.storefront.shopper import ShopperState
from allpetplus.ui.acting import shows_refusals

#: The most characters of a filter kept (a category or colour name is far shorter).
MAX_FILTER_CHARS = 100
#: The filters, in the order the URL carries them, with their defaults.
FILTERS = {"q": "", "category": "", "species": "", "size": "", "colour": "", "max_price": "", "sort": "featured"}
#: The most of one product a shopper adds at once.
MAX_QUANTITY = 99


def _filter_problem(name: str, value: str) -> str:
    """Why a filter value is refused ("" when it is fine)."""
    if name not in FILTERS:
        return "There is no such filter."
    if name == "max_price" and value:
        price = whole_number(value, digits=6)
        if price is None or price < 1:
            return "Enter the highest price in whole dollars."
    if name == "sort" and value not in ("", *catalog.SORTS):
        return "Choose one of the sort orders."
    return ""


class ShopState(ShopperState):
    """The catalogue at ``/shop`` (``/catalog`` in the products app) and the landing page's featured strip."""

    products: list[ProductCard] = []
    categories: list[CategoryOut] = []
    sizes: list[str] = []
    colours: list[str] = []
    filters: dict[str, str] = dict(FILTERS)
    loaded: bool = False
    page: int = 1
    pages: int = 1
    total: int = 0
    more: bool = False  # more than ``total`` match (counting stopped there)
    featured: list[ProductCard] = []

    @rx.event
    def load(self):
        """Read the catalogue's page with the filters the URL names (a bad one is ignored)."""
        query = self.router.url.query_parameters
        chosen = dict(FILTERS)
        for name in FILTERS:
            value = str(query.get(name, "") or "")[:MAX_FILTER_CHARS]
            if value and not _filter_problem(name, value):
                chosen[name] = value
        self.filters = chosen
        self.page = whole_number(str(query.get("page", "") or "")[:6], digits=6) or 1
        with session_scope(read_only=True) as session:
            self.categories = catalog.list_categories(session)
            options = catalog.filter_options(session)
            self.sizes, self.colours = options["sizes"], options["colours"]
            self._query(session)
        self.loaded = True

    def _query(self, session) -> None:
        f = self.filters
        max_price = whole_number(f.get("max_price", ""), digits=6)
        found = catalog.find_products(
            session,
            category=f.get("category") or None,
            species=f.get("species") or None,
            query=f.get("q") or None,
            size=f.get("size") or None,
            colour=f.get("colour") or None,
            max_price_cents=max_price * 100 if max_price is not None and max_price > 0 else None,
            sort=f.get("sort") or "featured",
            page=self.page,
        )
        self.products = pictures.with_pictures(session, found.cards)
        self.page, self.pages, self.total, self.more = found.page, found.pages, found.total, found.more

    @rx.event
    def load_landing(self):
        """Read the landing page's categories and featured products."""
        with session_scope(read_only=True) as session:
            self.categories = catalog.list_categories(session)
            self.featured = pictures.with_pictures(session, catalog.featured_products(session))
        self.loaded = True

    @rx.event
    def set_filter(self, name: str, value: str):
        """Change one filter ("all" clears it), re-query, and put the filters in the address bar."""
        value = "" if value == "all" else str(value)[:MAX_FILTER_CHARS]
        problem = _filter_problem(name, value)
        if problem:
            return rx.toast.error(problem)
        self.filters = {**self.filters, name: value or FILTERS[name]}
        self.page = 1
        with session_scope(read_only=True) as session:
            self._query(session)
        return rx.call_script(f"window.history.replaceState(null, '', {json.dumps(self.filtered_path)})")

    def _path(self, page: int) -> str:
        shown = {name: value for name, value in self.filters.items() if value and value != FILTERS[name]}
        if page > 1:
            shown["page"] = str(page)
        path = self.router.url.path or "/shop"
        return f"{path}?{urlencode(shown)}" if shown else path

    @rx.var
    def filtered_path(self) -> str:
        """This page's address with the chosen filters and page (defaults left out)."""
        return self._path(self.page)

    @rx.var
    def previous_path(self) -> str:
        """The previous page's address ("" on the first page)."""
        return self._path(self.page - 1) if self.page > 1 else ""

    @rx.var
    def next_path(self) -> str:
        """The next page's address ("" on the last page)."""
        further = self.page < self.pages or (self.more and len(self.products) == catalog.PAGE_SIZE)
        return self._path(self.page + 1) if further else ""

    @rx.var
    def result_count(self) -> str:
        """How many products the filters leave, in words (and which page of them this is)."""
        if self.more:
            return f"{self.total:,}+ products · page {self.page}"
        count = plural(self.total, "product")
        return f"{count} · page {self.page} of {self.pages}" if self.pages > 1 else count

    @rx.var
    def heading(self) -> str:
        """The listing's title: the chosen category's name, or the whole shop."""
        for cat in self.categories:
            if cat.slug == self.filters.get("category"):
                return cat.name
        return "All products"


class ProductState(ShopperState):
    """One product page at ``/product/[handle]``: the shopper's size, colour and quantity, and add to cart."""

    product: ProductDetail | None = None
    not_found: bool = False
    size: str = ""
    colour: str = ""
    quantity: int = 1
    error: str = ""

    @rx.event
    def load(self):
        """Load the product named by the URL; an unknown handle shows the friendly not-found view."""
        handle = self.router.url.path.rstrip("/").rsplit("/", 1)[-1]
        self.error, self.quantity = "", 1
        with session_scope(read_only=True) as session:
            found = catalog.get_product(session, handle)
        self.product = pictures.detail_with_pictures(found) if found else None
        self.not_found = self.product is None
        if self.product and self.product.variants:
            first = next((v for v in self.product.variants if v.in_stock), self.product.variants[0])
            self.size = first.size or ""
            self.colour = first.colour or ""

    @rx.event
    def choose_size(self, size: str | list[str]):
        """Pick a size (the segmented control sends a string)."""
        size = size if isinstance(size, str) else (size[0] if size else "")
        if self.product is None or size not in {variant.size or "" for variant in self.product.variants}:
            return rx.toast.error("Choose one of this product's sizes.")
        self.size, self.error = size, ""
        return None

    @rx.event
    def choose_colour(self, colour: str):
        """Pick a colour."""
        if self.product is None or colour not in {variant.colour or "" for variant in self.product.variants}:
            return rx.toast.error("Choose one of this product's colours.")
        self.colour, self.error = colour, ""
        return None

    @rx.event
    def set_quantity(self, value: str):
        """Quantity, as typed (an emptied box means one)."""
        text = str(value).strip()
        quantity = whole_number(text) if text else 1
        if quantity is None or not 1 <= quantity <= MAX_QUANTITY:
            self.error = f"Enter a whole number from 1 to {MAX_QUANTITY}."
            return
        self.quantity, self.error = quantity, ""

    @rx.event
    @shows_refusals(text="error")
    def add(self):
        """Add the chosen size and colour to the cart (within stock)."""
        variant = self.selected
        if variant is None:
            self.error = "This size is not made in that colour: pick another combination."
            return None
        with session_scope() as session:
            carts.add_variant(session, self._cart(session), variant.sku, self.quantity)
            self._count(session)
        what = f"{self.quantity} × {self.product.title} ({variant.title})"
        return self._added(what, format_money(variant.price_cents * self.quantity, variant.currency))

    @rx.var
    def colour_choices(self) -> list[VariantOut]:
        """One variant per colour, to draw the swatches."""
        if self.product is None:
            return []
        seen: dict[str, VariantOut] = {}
        for variant in self.product.variants:
            if variant.colour and variant.colour not in seen:
                seen[variant.colour] = variant
        return list(seen.values())

    @rx.var
    def picture(self) -> dict[str, str]:
        """The picture of the chosen colour (``src``, ``srcset``, ``alt``), or the product's own."""
        if self.product is None:
            return {"src": "", "srcset": "", "alt": ""}
        shown = next((v for v in self.product.variants if (v.colour or "") == self.colour and v.image), self.product)
        return {"src": shown.image, "srcset": shown.image_srcset, "alt": shown.image_alt}

    @rx.var
    def selected(self) -> VariantOut | None:
        """The variant matching the chosen size and colour."""
        if self.product is None:
            return None
        for variant in self.product.variants:
            if (variant.size or "") == self.size and (variant.colour or "") == self.colour:
                return variant
        return None
