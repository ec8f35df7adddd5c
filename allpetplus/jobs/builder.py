"""Builder jobs: rendering design previews and product pictures off the web process."""

from __future__ import annotations

from typing import Any

from allpetplus.application import pictures
from allpetplus.builder import types as product_types
from allpetplus.builder.config import current_palette
from allpetplus.builder.preview import render_preview
from allpetplus.core.db import session_scope


def render_preview_job(config: dict[str, Any], product_type: str = product_types.DEFAULT_TYPE) -> str:
    """Render (or find) the GLB for a design; returns its URL. Idempotent: the file is keyed by the design."""
    palette = current_palette()
    url, _cached = render_preview(product_types.validate(config, palette, product_type), palette)
    return url


def warm_pictures() -> int:
    """Render the picture of every product colour that has none yet (a new product or colour); how many."""
    with session_scope(read_only=True) as session:
        return pictures.warm_catalog(session)


def render_design_picture(config: dict[str, Any], name: str, product_type: str = product_types.DEFAULT_TYPE) -> str:
    """Render (or find) a design's picture, for the cart, the orders, the dashboard and its share link."""
    picture = pictures.config_picture(config, name, product_type, render=True)
    return picture.src if picture else ""
