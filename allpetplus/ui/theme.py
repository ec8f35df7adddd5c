"""One theme for the three apps: shared fonts, spacing and palette; each app has its own accent."""

from __future__ import annotations

import reflex as rx

from allpetplus.core.apps import registry

FONT_STACK = "Inter, 'Segoe UI', system-ui, -apple-system, sans-serif"
HEADING_STACK = "'Nunito', 'Inter', system-ui, sans-serif"
MAX_WIDTH = "1180px"
CARD_SHADOW = "0 1px 2px rgba(16, 24, 40, 0.06), 0 6px 16px rgba(16, 24, 40, 0.06)"

BASE_STYLE = {
    "font_family": FONT_STACK,
    "::selection": {"background_color": "var(--accent-5)"},
    rx.heading: {"font_family": HEADING_STACK, "letter_spacing": "-0.01em"},
    rx.link: {"text_decoration": "none", "_hover": {"text_decoration": "none"}},
}


def _accent(app: str) -> str:
    info = registry().get(app)
    return info.accent if info else "teal"


def radix_theme(app: str) -> rx.Component:
    """The Radix theme of ``app`` (same gray, radius and scaling everywhere; its own accent)."""
    return rx.theme(
        appearance="light",
        accent_color=_accent(app),
        gray_color="sand",
        radius="large",
        scaling="100%",
        has_background=True,
        # Solid panels: translucent ones blur what is behind every card and menu (a 64 px backdrop filter), which
        # costs a software-rendered page (no GPU: many office PCs, virtual desktops) a quarter second to paint.
        panel_background="solid",
    )
