"""``/product/[handle]``: one product with its sizes, colours, price, stock and Add to cart."""

import reflex as rx

from allpetplus.pages.site import MAIN
from allpetplus.storefront.catalog import ProductState
from allpetplus.storefront.views import product_view


@MAIN.page(route="/product/[handle]", title="Product", on_load=ProductState.load)
def product() -> rx.Component:
    """The product page, or a friendly not-found view for an unknown handle."""
    return product_view("/shop")
