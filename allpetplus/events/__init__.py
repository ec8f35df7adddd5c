"""Domain events through a transactional outbox, and the subscribers that react to them."""
