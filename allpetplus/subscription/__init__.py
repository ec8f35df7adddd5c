"""Subscription boxes: plans, a pet's box on a schedule, and the renewal orders."""
