"""A harness design in words, as staff read it when they make and pack it (and a customer reads it back)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlmodel import Session, select

from allpetplus.builder.config import options
from allpetplus.builder.models import PaletteColour


def colour_names(session: Session) -> dict[str, str]:
    """Every palette colour's name by its slug, withdrawn ones too (an order may carry a colour no longer offered)."""
    return {row.slug: row.name for row in session.exec(select(PaletteColour))}


def describe_design(config: Mapping[str, Any], names: Mapping[str, str]) -> list[str]:
    """The configuration as a few lines of words: style and size, colours, hardware, extras, text, patch.

    Reads a frozen configuration as it was stored, so an option renamed or withdrawn since still reads sensibly.
    """
    opts = options()

    def colour(key: str) -> str:
        slug = str(config.get(key, ""))
        return names.get(slug) or slug.replace("-", " ").capitalize()

    def option(group: str, key: str) -> str:
        value = str(config.get(key, ""))
        return opts[group].get(value, {}).get("name") or value.replace("-", " ").capitalize()

    lines = [
        f"{option('styles', 'style')} harness, size {config.get('size', '?')}",
        f"Webbing {colour('webbing_colour')}, padding {colour('padding_colour')}, trim {colour('trim_colour')}",
        f"{option('hardware', 'hardware')} hardware",
    ]
    extras = [
        label
        for key, label in (
            ("back_d_ring", "back D-ring"),
            ("front_d_ring", "front D-ring"),
            ("grab_handle", "grab handle"),
            ("reflective_trim", "reflective trim"),
        )
        if config.get(key)
    ]
    if extras:
        lines.append("With " + ", ".join(extras[:-1]) + (" and " if len(extras) > 1 else "") + extras[-1])
    if text := str(config.get("text", "")):
        lines.append(f"Text “{text}” in {option('fonts', 'font')} lettering, {colour('thread_colour')} thread")
    if config.get("id_patch"):
        tag = str(config.get("licence_tag", ""))
        lines.append(f"ID patch with licence tag {tag} and its lookup QR code" if tag else "ID patch")
    return lines
