"""The main app's pages; importing this package registers them."""

from allpetplus.pages import index, not_found, product, shop

__all__ = ["index", "not_found", "product", "shop"]
