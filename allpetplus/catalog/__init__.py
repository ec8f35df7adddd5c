"""The catalog: categories, products and their variants with price and stock."""
