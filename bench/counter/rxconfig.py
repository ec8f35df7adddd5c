"""The framework's floor for the benchmarks: a minimal Reflex app (one int, one handler)."""

import os

import reflex as rx

os.environ.setdefault("REFLEX_USE_NPM", "1")

config = rx.Config(
    app_name="counter",
    telemetry_enabled=False,
    show_built_with_reflex=False,
    disable_plugins=[rx.plugins.SitemapPlugin],
)
