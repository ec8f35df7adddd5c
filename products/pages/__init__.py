"""The products app's pages; importing this package registers them."""

from products.pages import cart, embed, index, not_found, shop

__all__ = ["cart", "embed", "index", "not_found", "shop"]
