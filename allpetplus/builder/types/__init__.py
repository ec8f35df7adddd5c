"""The registry of designable product types, and what is the same for all of them.

Each package here (``harness``, ``collar``, ``leash``, ...) exposes ``TYPE``, a ``ProductType``; adding a package
registers the type (``python -m allpetplus.scaffold product-type NAME`` writes one). ``validate`` is the one check
of a design on every builder change, on save and at checkout, ``quote`` the one price, ``blocked_choices`` what the
builder greys out and why.
"""

from __future__ import annotations

import functools
import importlib
import pkgutil
from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

from allpetplus.builder.design import TEXT_CHARACTERS, DesignConfig, ProductType, Quote, priced
from allpetplus.core.errors import ValidationFailed
from allpetplus.core.inputs import field_errors

DEFAULT_TYPE = "harness"
MAX_QUANTITY = 10


@functools.cache
def registry() -> dict[str, ProductType]:
    """Every registered type by slug, the harness first, then by name."""
    found: dict[str, ProductType] = {}
    for module in pkgutil.iter_modules(__path__):
        if module.ispkg:
            declared = importlib.import_module(f"{__name__}.{module.name}").TYPE
            found[declared.slug] = declared
    return dict(sorted(found.items(), key=lambda item: (item[0] != DEFAULT_TYPE, item[1].name)))


def product_type(slug: object) -> ProductType:
    """The registered type called ``slug``; ``ValidationFailed`` on ``type`` otherwise."""
    types = registry()
    if not isinstance(slug, str) or slug not in types:
        names = ", ".join(t.name.lower() for t in types.values())
        raise ValidationFailed.one("type", f"Choose a product to design: {names}.")
    return types[slug]


def type_of(config: DesignConfig) -> ProductType:
    """The type a configuration belongs to."""
    return product_type(type(config).product_type)


def validate(data: Mapping[str, Any] | DesignConfig, palette: Mapping[str, Any], slug: str = DEFAULT_TYPE):
    """A checked configuration of type ``slug`` (or of the configuration given), or ``ValidationFailed`` naming
    every field that is wrong: first each field on its own, then the combination rules."""
    if isinstance(data, DesignConfig):
        config, kind = data, type_of(data)
    else:
        kind = product_type(slug)
        try:
            config = kind.config.model_validate(dict(data))
        except ValidationError as exc:
            raise ValidationFailed(field_errors(exc, unknown="This option does not exist.")) from None
    errors = {**_shared_errors(kind, config, palette), **kind.field_errors(config)}
    if errors:
        raise ValidationFailed(errors)
    errors = rule_errors(config)
    if errors:
        raise ValidationFailed(errors)
    return config


def _shared_errors(kind: ProductType, config: DesignConfig, palette: Mapping[str, Any]) -> dict[str, str]:
    errors: dict[str, str] = {}
    for field, use in kind.colour_fields.items():
        colour = palette.get(getattr(config, field))
        if colour is None or use not in colour.uses:
            errors[field] = f"That colour is not offered for the {use}; pick one from the palette."
    if not TEXT_CHARACTERS.match(config.text):
        errors["text"] = "Use letters, digits, spaces and . ' & ! - only."
    elif config.text != config.text.strip() or "  " in config.text:
        errors["text"] = "Remove extra spaces at the start, end or between words."
    if not 1 <= config.quantity <= MAX_QUANTITY:
        errors["quantity"] = f"Order between 1 and {MAX_QUANTITY} at a time."
    if "size" in kind.choices and getattr(config, "size", None) not in kind.choices["size"]:
        errors["size"] = f"Choose a size from {kind.choices['size'][0]} to {kind.choices['size'][-1]}."
    return errors


def _text_fits(config: DesignConfig) -> tuple[str, str] | None:
    limit = type_of(config).max_text(config)
    if len(config.text) > limit:
        return "text", f"This {type_of(config).name.lower()} fits up to {limit} characters."
    return None


def _rules(kind: ProductType) -> tuple:
    return (*kind.rules, _text_fits)


def rule_errors(config: DesignConfig) -> dict[str, str]:
    """The combination rules this configuration breaks, by field (the first reason for each field)."""
    errors: dict[str, str] = {}
    for rule in _rules(type_of(config)):
        broken = rule(config)
        if broken and broken[0] not in errors:
            errors[broken[0]] = broken[1]
    return errors


def availability(config: DesignConfig, field: str, values: list[Any]) -> dict[str, str]:
    """For each value of ``field`` that would break a combination rule, the reason (by ``str(value)``).

    A value is unavailable when choosing it breaks a rule the current design keeps, or a rule about this field.
    """
    blocked: dict[str, str] = {}
    rules = _rules(type_of(config))
    for value in values:
        candidate = config.model_copy(update={field: value})
        for rule in rules:
            broken = rule(candidate)
            if broken and (broken[0] == field or rule(config) is None):
                blocked[str(value)] = broken[1]
                break
    return blocked


def blocked_choices(config: DesignConfig) -> dict[str, str]:
    """Every builder choice (``"field:value"``) the rules refuse for this design, with the reason."""
    return dict(_blocked_choices(config))


@functools.lru_cache(maxsize=4096)
def _blocked_choices(config: DesignConfig) -> tuple[tuple[str, str], ...]:
    # Designs are immutable and the rules are code, so the answer for a design never changes.
    return tuple(
        (f"{field}:{value}", reason)
        for field, values in type_of(config).choices.items()
        for value, reason in availability(config, field, list(values)).items()
    )


def quote(config: DesignConfig) -> Quote:
    """The price of a valid design, line by line (each multiplied by the quantity); the lines sum to the total."""
    return priced(type_of(config).price(config), config.quantity)


def describe(slug: str, config: Mapping[str, Any], names: Mapping[str, str]) -> list[str]:
    """A stored design of type ``slug`` in words (a type no longer registered: its options as they were)."""
    kind = registry().get(slug)
    if kind is None:
        return [f"{key.replace('_', ' ').capitalize()}: {value}" for key, value in sorted(config.items())]
    return kind.describe(config, names)


def matching(config: DesignConfig, source: DesignConfig, palette: Mapping[str, Any]) -> DesignConfig:
    """``config`` in the colours (and text, where it fits) of ``source``: each colour this type takes from the
    source's fields, when the palette offers it for this type's part; the text only if it fits."""
    kind = type_of(config)
    changes: dict[str, Any] = {}
    for source_field, field in kind.matches.items():
        slug = getattr(source, source_field, None)
        colour = palette.get(slug)
        if colour is not None and kind.colour_fields[field] in colour.uses:
            changes[field] = slug
    matched = config.model_copy(update=changes)
    text = source.text if len(source.text) <= kind.max_text(matched) else matched.text
    return matched.model_copy(update={"text": text})


__all__ = [
    "DEFAULT_TYPE",
    "availability",
    "blocked_choices",
    "describe",
    "matching",
    "product_type",
    "quote",
    "registry",
    "rule_errors",
    "type_of",
    "validate",
]
