"""The one shop every app shows: who is shopping and their cart (``shopper``), the catalogue and product page
states (``catalog``) and their views (``views``), registered as pages by the main app and the products app."""
