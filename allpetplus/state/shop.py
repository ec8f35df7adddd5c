"""Storefront state: the catalog listing and one product page, loaded from the catalog service."""

from __future__ import annotations

import reflex as rx

from allpetplus.catalog import service as catalog
from allpetplus.catalog.models import CategoryOut, ProductCard, ProductDetail, VariantOut
from allpetplus.core.db import session_scope


class ShopState(rx.State):
    """The listing at ``/shop`` (and the featured strip on the landing page)."""

    products: list[ProductCard] = []
    categories: list[CategoryOut] = []
    category: str = ""
    loaded: bool = False

    @rx.event
    def load(self):
        """Read categories and products; the ``category`` query parameter filters the listing."""
        self.category = self.router.url.query_parameters.get("category", "") or ""
        with session_scope(read_only=True) as session:
            self.categories = catalog.list_categories(session)
            self.products = catalog.list_products(session, category=self.category or None)
        self.loaded = True

    @rx.var
    def featured(self) -> list[ProductCard]:
        """Up to four in-stock products, one per category first."""
        seen: set[str] = set()
        picks = []
        for card in self.products:
            if card.in_stock and card.category_slug not in seen:
                seen.add(card.category_slug)
                picks.append(card)
        return picks[:4]

    @rx.var
    def heading(self) -> str:
        """The listing's title: the chosen category's name, or the whole shop."""
        for cat in self.categories:
            if cat.slug == self.category:
                return cat.name
        return "All products"


class ProductState(rx.State):
    """One product page at ``/product/[handle]``, with the shopper's chosen size and colour."""

    product: ProductDetail | None = None
    not_found: bool = False
    size: str = ""
    colour: str = ""

    @rx.event
    def load(self):
        """Load the product named by the URL; an unknown handle shows the friendly not-found view."""
        handle = self.router.url.path.rstrip("/").rsplit("/", 1)[-1]
        with session_scope(read_only=True) as session:
            self.product = catalog.get_product(session, handle)
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
        self.size = size
        return None

    @rx.event
    def choose_colour(self, colour: str):
        """Pick a colour."""
        if self.product is None or colour not in {variant.colour or "" for variant in self.product.variants}:
            return rx.toast.error("Choose one of this product's colours.")
        self.colour = colour
        return None

    @rx.var
    def colours(self) -> list[VariantOut]:
        """One variant per colour, to draw the swatches."""
        if self.product is None:
            return []
        seen: dict[str, VariantOut] = {}
        for variant in self.product.variants:
            if variant.colour and variant.colour not in seen:
                seen[variant.colour] = variant
        return list(seen.values())

    @rx.var
    def selected(self) -> VariantOut | None:
        """The variant matching the chosen size and colour."""
        if self.product is None:
            return None
        for variant in self.product.variants:
            if (variant.size or "") == self.size and (variant.colour or "") == self.colour:
                return variant
        return None
