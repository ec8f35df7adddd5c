"""Shopify as a commerce source: the Admin GraphQL client (``client``), and what the platform reads from and writes
to a connected store. Without ``SHOPIFY_SHOP_DOMAIN`` and ``SHOPIFY_ADMIN_TOKEN`` nothing here calls Shopify."""
