"""The main app's identity and navigation."""

from allpetplus.core.settings import settings
from allpetplus.ui.template import NavLink, Site

MAIN = Site(
    app="allpetplus",
    name="All Pet Plus",
    tagline="Harnesses built to fit your dog, and everything else your pets need.",
    icon="paw-print",
    links=(
        NavLink("Shop", "/shop"),
        NavLink("Harnesses", "/shop?category=harnesses"),
        NavLink("Pet products", settings.PRODUCTS_URL, external=True),
        NavLink("Licensing", settings.LICENSING_URL, external=True),
    ),
    cta=NavLink("Shop now", "/shop"),
)
