"""The licensing app's pages; importing this package registers them."""

from licensing.pages import index, licences, not_found, public

__all__ = ["index", "licences", "not_found", "public"]
