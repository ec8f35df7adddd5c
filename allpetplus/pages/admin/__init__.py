"""The staff area (``/admin/...``, ADMIN accounts only), one module per page; importing it registers them."""

from allpetplus.pages.admin import accounts, catalog, jobs, licences, metrics, order, orders, packing_slip, webhooks

__all__ = ["accounts", "catalog", "jobs", "licences", "metrics", "order", "orders", "packing_slip", "webhooks"]
