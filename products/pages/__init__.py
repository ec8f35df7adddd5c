"""The products app's pages; importing this package registers them."""

from products.pages import embed, index, not_found

__all__ = ["embed", "index", "not_found"]
