"""Business analytics: every domain event recorded once, for the staff metrics."""
