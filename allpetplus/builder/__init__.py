"""The harness builder: design configurations, pricing and previews."""
