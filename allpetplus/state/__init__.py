"""The main app's Reflex state classes; they call services and hold only what pages render."""
