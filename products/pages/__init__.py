"""The products app's pages; importing this package registers them."""

from products.pages import index, not_found

__all__ = ["index", "not_found"]
