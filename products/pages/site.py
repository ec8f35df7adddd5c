"""The products site's identity and navigation."""

from allpetplus.core.settings import settings
from allpetplus.ui.template import NavLink, Site

PRODUCTS = Site(
    app="products",
    name="All Pet Plus Products",
    tagline="Beds, bowls, toys and grooming for dogs and cats — and matching sets for every walk.",
    icon="shopping-bag",
    links=(
        NavLink("Categories", "/#categories"),
        NavLink("Best sellers", "/#best-sellers"),
        NavLink("Custom harness", settings.MAIN_URL, external=True),
    ),
)
