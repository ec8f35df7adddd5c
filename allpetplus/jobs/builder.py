"""Builder jobs: rendering a harness preview off the web process."""

from __future__ import annotations

from typing import Any

from allpetplus.builder.config import current_palette, validate_config
from allpetplus.builder.preview import render_preview


def render_preview_job(config: dict[str, Any]) -> str:
    """Render (or find) the GLB for a configuration; returns its URL. Idempotent: the file is keyed by the design."""
    palette = current_palette()
    url, _cached = render_preview(validate_config(config, palette), palette)
    return url
