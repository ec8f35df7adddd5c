"""Orders from every channel (Shopify, Stripe, pay on invoice) and their timelines."""
