"""Catalog state of the products app, read through the shared catalog service."""

import reflex as rx

from allpetplus.application import pictures
from allpetplus.catalog import service as catalog
from allpetplus.catalog.models import CategoryOut, ProductCard
from allpetplus.core.db import session_scope

#: The products the landing page shows.
SHOWN = 8


class CatalogState(rx.State):
    """Categories and products for the products app's pages."""

    categories: list[CategoryOut] = []
    products: list[ProductCard] = []
    #: How many products each category holds.
    counts: dict[str, int] = {}

    @rx.event
    def load(self):
        """Read the categories with their sizes, and the first products of the catalog."""
        with session_scope(read_only=True) as session:
            self.categories = catalog.list_categories(session)
            self.counts = catalog.category_counts(session)
            self.products = pictures.with_pictures(session, catalog.list_products(session, limit=SHOWN))
