"""The products app's place in the family: the shop's checkout, matching sets and boxes."""

from allpetplus.storefront.header import cart_and_account, shopper_menu_items
from allpetplus.storefront.shopper import ShopperState
from allpetplus.ui.template import Site

PRODUCTS = Site(
    app="products",
    section="",
    tagline="Beds, bowls, toys and grooming for dogs and cats, matching sets for every walk, and boxes that come "
    "on their own.",
    icon="paw-print",
    account=cart_and_account,
    menu=shopper_menu_items,
    on_every_load=(ShopperState.identify_shopper,),
)
