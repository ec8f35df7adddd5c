"""The licensing app's pages; importing this package registers them."""

from licensing.pages import index, not_found

__all__ = ["index", "not_found"]
