"""Pets: species and breed reference data, pet profiles, weights and measurements."""
