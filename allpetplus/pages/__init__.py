"""The main app's pages; importing this package registers them."""

from allpetplus.pages import account, admin, auth, builder, dashboard, index, not_found, product, shop

__all__ = ["account", "admin", "auth", "builder", "dashboard", "index", "not_found", "product", "shop"]
