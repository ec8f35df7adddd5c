"""The products app (port 3002): the full catalog, cart, checkout and subscription boxes."""
