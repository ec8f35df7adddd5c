"""The products app's pages; importing this package registers them."""

from products.pages import boxes, cart, catalog, checkout, embed, index, not_found, order_placed, product, sets

__all__ = ["boxes", "cart", "catalog", "checkout", "embed", "index", "not_found", "order_placed", "product", "sets"]
