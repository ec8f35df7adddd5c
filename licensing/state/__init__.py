"""The licensing app's Reflex state classes."""
