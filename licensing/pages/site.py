"""The licensing site's identity and navigation."""

from allpetplus.core.settings import settings
from allpetplus.ui.template import NavLink, Site

LICENSING = Site(
    app="licensing",
    name="Pet Licensing",
    tagline="License your dog or cat online, renew in a few clicks, and help lost pets get home.",
    icon="badge-check",
    links=(
        NavLink("How it works", "/#how-it-works"),
        NavLink("Fees", "/#fees"),
        NavLink("Your licences", "/licences"),
        NavLink("Found a pet?", "/lookup"),
        NavLink("All Pet Plus shop", settings.MAIN_URL, external=True),
    ),
)
