"""``/catalog``: the shop's catalogue, the same view as the main app's ``/shop``."""

import reflex as rx

from allpetplus.storefront.catalog import ShopState
from allpetplus.storefront.views import catalog_view
from products.pages.site import PRODUCTS


@PRODUCTS.page(route="/catalog", title="Shop", on_load=ShopState.load)
def catalog_page() -> rx.Component:
    """Every product, with filters."""
    return catalog_view("/catalog")
