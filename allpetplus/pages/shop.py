"""``/shop``: the catalogue, with its filters in the URL."""

import reflex as rx

from allpetplus.pages.site import MAIN
from allpetplus.storefront.catalog import ShopState
from allpetplus.storefront.views import catalog_view


@MAIN.page(route="/shop", title="Shop", description="Harnesses, collars, leashes and more.", on_load=ShopState.load)
def shop() -> rx.Component:
    """The catalogue grid."""
    return catalog_view("/shop")
