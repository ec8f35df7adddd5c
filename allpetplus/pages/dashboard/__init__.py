"""The owner's dashboard (``/dashboard/...``), one module per tab; importing it registers them."""

from allpetplus.pages.dashboard import designs, embedded, orders, overview, pets

__all__ = ["designs", "embedded", "orders", "overview", "pets"]
