"""The licensing app's pages; importing this package registers them."""

from licensing.pages import embed, index, not_found

__all__ = ["embed", "index", "not_found"]
