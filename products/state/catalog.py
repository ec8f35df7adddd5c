"""Catalog state of the products app, read through the shared catalog service."""

import reflex as rx

from allpetplus.application import pictures
from allpetplus.catalog import service as catalog
from allpetplus.catalog.models import CategoryOut, ProductCard
from allpetplus.core.db import session_scope


class CatalogState(rx.State):
    """Categories and products for the products app's pages."""

    categories: list[CategoryOut] = []
    products: list[ProductCard] = []

    @rx.event
    def load(self):
        """Read the catalog."""
        with session_scope(read_only=True) as session:
            self.categories = catalog.list_categories(session)
            self.products = pictures.with_pictures(session, catalog.list_products(session))

    @rx.var
    def counts(self) -> dict[str, int]:
        """How many products each category holds."""
        result: dict[str, int] = {}
        for card in self.products:
            result[card.category_slug] = result.get(card.category_slug, 0) + 1
        return result
