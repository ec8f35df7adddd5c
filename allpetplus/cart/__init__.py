"""The cart: what a shopper is about to buy, priced by the server."""
