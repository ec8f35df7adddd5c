"""Accounts: user profiles, roles and preferences."""
