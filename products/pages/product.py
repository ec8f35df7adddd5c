"""``/product/[handle]``: a product with its sizes, colours and add to cart (the main app's product page)."""

import reflex as rx

from allpetplus.storefront.catalog import ProductState
from allpetplus.storefront.views import product_view
from products.pages.site import PRODUCTS


@PRODUCTS.page(route="/product/[handle]", title="Product", on_load=ProductState.load)
def product_page() -> rx.Component:
    """A product with its variants and add to cart."""
    return product_view("/catalog")
