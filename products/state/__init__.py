"""The products app's Reflex state classes."""
