"""The licensing app's pages; importing this package registers them."""

from licensing.pages import certificate, index, licences, lookup, not_found

__all__ = ["certificate", "index", "licences", "lookup", "not_found"]
