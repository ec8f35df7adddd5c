"""The licensing app's place in the family, with its own pages in the second row."""

from allpetplus.storefront.header import cart_and_account, shopper_menu_items
from allpetplus.storefront.shopper import ShopperState
from allpetplus.ui.template import NavLink, Site

LICENSING = Site(
    app="licensing",
    section="Licensing",
    tagline="License your dog or cat online, renew in a few clicks, and help lost pets get home.",
    icon="badge-check",
    links=(
        NavLink("How it works", "/#how-it-works"),
        NavLink("Fees", "/#fees"),
        NavLink("Apply", "/apply"),
        NavLink("Your licences", "/licences"),
        NavLink("Found a pet?", "/lookup"),
    ),
    account=cart_and_account,
    menu=shopper_menu_items,
    on_every_load=(ShopperState.identify_shopper,),
)
