"""The products app's pages; importing this package registers them."""

from products.pages import boxes, cart, embed, index, not_found, shop

__all__ = ["boxes", "cart", "embed", "index", "not_found", "shop"]
