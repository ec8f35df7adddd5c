"""The leash's options, each checked on its own, and the rules between them."""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any, ClassVar

from allpetplus.builder.design import DesignConfig, Rule

OPTIONS_FILE = Path(__file__).with_name("options.json")
TRAINING_LINE = "10"


@functools.cache
def options() -> dict:
    """Lengths, widths, handles, clips and prices (``options.json``)."""
    return json.loads(OPTIONS_FILE.read_text())


class LeashConfig(DesignConfig):
    """One leash design."""

    product_type: ClassVar[str] = "leash"

    length: str = "1.8"
    width_mm: int = 20
    handle: str = "padded"
    clip: str = "trigger-snap"
    webbing_colour: str = "ocean"
    padding_colour: str = "charcoal"
    thread_colour: str = "white"


COLOUR_FIELDS = {"webbing_colour": "webbing", "padding_colour": "padding", "thread_colour": "thread"}
CHOICES = {
    "length": ("1.2", "1.8", "3", TRAINING_LINE),
    "width_mm": (15, 20, 25),
    "handle": ("plain", "padded", "traffic"),
    "clip": ("trigger-snap", "locking-carabiner"),
}
LABELS = {
    "length:1.2": "1.2 m", "length:1.8": "1.8 m", "length:3": "3 m", "length:10": "10 m line",
    "width_mm": "Width", "width_mm:15": "15 mm", "width_mm:20": "20 mm", "width_mm:25": "25 mm",
    "handle:traffic": "Traffic handle",
    "clip:trigger-snap": "Trigger snap", "clip:locking-carabiner": "Locking carabiner",
    "webbing_colour": "Webbing colour", "padding_colour": "Handle padding colour", "thread_colour": "Lettering colour",
}  # fmt: skip
#: The harness colours a matching leash takes: webbing, padding and lettering alike.
MATCHES = {"webbing_colour": "webbing_colour", "padding_colour": "padding_colour", "thread_colour": "thread_colour"}


def field_errors(c: LeashConfig) -> dict[str, str]:
    """Each option on its own."""
    opts, errors = options(), {}
    if c.length not in opts["lengths"]:
        errors["length"] = "Choose 1.2, 1.8 or 3 m, or the 10 m training line."
    if str(c.width_mm) not in opts["widths_mm"]:
        errors["width_mm"] = "Choose 15, 20 or 25 mm."
    if c.handle not in opts["handles"]:
        errors["handle"] = "Choose a plain, padded or traffic handle."
    if c.clip not in opts["clips"]:
        errors["clip"] = "Choose a trigger snap clip or a locking carabiner."
    return errors


def max_text(c: LeashConfig) -> int:
    """The longer the leash, the more text along it."""
    return options()["lengths"].get(c.length, {}).get("max_text", 0)


def _no_traffic_handle_on_a_line(c: LeashConfig) -> tuple[str, str] | None:
    if c.length == TRAINING_LINE and c.handle == "traffic":
        return "handle", "A traffic handle would snag on the 10 m training line; choose a plain or padded handle."
    return None


def _line_not_wide(c: LeashConfig) -> tuple[str, str] | None:
    if c.length == TRAINING_LINE and c.width_mm == 25:
        return "width_mm", "The 10 m training line comes 15 or 20 mm wide: 25 mm is too heavy to trail."
    return None


RULES: tuple[Rule, ...] = (_no_traffic_handle_on_a_line, _line_not_wide)


def describe(config: Mapping[str, Any], names: Mapping[str, str]) -> list[str]:
    """A stored leash in words, for the workshop (an option withdrawn since still reads sensibly)."""
    opts = options()

    def named(group: str, key: str) -> str:
        value = str(config.get(key, ""))
        return opts[group].get(value, {}).get("name") or value

    def colour(key: str) -> str:
        return names.get(str(config.get(key)), str(config.get(key, "")))

    lines = [
        f"Leash, {named('lengths', 'length')}, {config.get('width_mm', '?')} mm wide",
        f"Webbing {colour('webbing_colour')}, {named('handles', 'handle').lower()} ({colour('padding_colour')})",
        named("clips", "clip"),
    ]
    if text := str(config.get("text", "")):
        lines.append(f"Text “{text}” in {colour('thread_colour')} thread")
    return lines
