"""Fit from the pet profile: a size from chest girth (or breed, or weight), and growth alerts."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel

from allpetplus.builder.config import SIZES, options
from allpetplus.core import clock

GROWTH_HORIZON_DAYS = 45
BORDER_CM = 1.5


class Recommendation(BaseModel):
    """A size and the reason for it, in words."""

    size: str
    reason: str
    basis: str  # "chest", "breed", "weight" or "default"


class GrowthAlert(BaseModel):
    """A pet that has outgrown (or will soon outgrow) a design's size."""

    current_size: str
    next_size: str
    message: str


def _ranges() -> dict[str, tuple[float, float]]:
    return {size: tuple(options()["sizes"][size]["chest_cm"]) for size in SIZES}


def size_for_chest(chest_cm: float) -> str:
    """The size whose chest range holds ``chest_cm`` (clamped to XS or XL)."""
    for size, (low, high) in _ranges().items():
        if low <= chest_cm < high:
            return size
    return "XS" if chest_cm < _ranges()["XS"][0] else "XL"


def _next(size: str) -> str:
    return SIZES[min(SIZES.index(size) + 1, len(SIZES) - 1)]


def recommend_size(
    *,
    chest_cm: float | None = None,
    weight_kg: float | None = None,
    breed_name: str = "",
    breed_chest_cm: tuple[float, float] | None = None,
    pet_name: str = "your pet",
) -> Recommendation:
    """Recommend a size from the best measurement available, and say why."""
    ranges = _ranges()
    if chest_cm:
        size = size_for_chest(chest_cm)
        low, high = ranges[size]
        if chest_cm >= high - BORDER_CM and size != "XL":
            bigger = _next(size)
            return Recommendation(
                size=bigger,
                basis="chest",
                reason=f"{pet_name}'s chest is {chest_cm:g} cm, at the top of {size} ({low:g}–{high:g} cm): "
                f"{bigger} leaves room to adjust.",
            )
        return Recommendation(
            size=size,
            basis="chest",
            reason=f"{pet_name}'s chest is {chest_cm:g} cm, which fits {size} ({low:g}–{high:g} cm).",
        )
    if breed_chest_cm:
        middle = sum(breed_chest_cm) / 2
        size = size_for_chest(middle)
        return Recommendation(
            size=size,
            basis="breed",
            reason=f"No chest measurement yet: a typical {breed_name} measures {breed_chest_cm[0]:g}–"
            f"{breed_chest_cm[1]:g} cm, so {size}. Measure behind the front legs to be sure.",
        )
    if weight_kg:
        for size in SIZES:
            low, high = options()["sizes"][size]["weight_kg"]
            if weight_kg <= high:
                return Recommendation(
                    size=size,
                    basis="weight",
                    reason=f"From {pet_name}'s weight ({weight_kg:g} kg) {size} is likely; "
                    "a chest measurement gives a surer fit.",
                )
        return Recommendation(size="XL", basis="weight", reason=f"At {weight_kg:g} kg, XL is our largest size.")
    return Recommendation(size="M", basis="default", reason="Add your pet's chest girth for a size that fits.")


def growth_alert(
    design_size: str,
    *,
    chest_cm: float | None,
    weights: list[tuple[date, int]],
    pet_name: str,
    today: date | None = None,
) -> GrowthAlert | None:
    """Warn when the pet's chest is past the design's size, or its weight trend will pass it soon."""
    today = today or clock.today()
    if design_size not in SIZES:
        return None
    low, high = _ranges()[design_size]
    next_size = _next(design_size)
    if chest_cm and chest_cm >= high and design_size != "XL":
        return GrowthAlert(
            current_size=design_size,
            next_size=next_size,
            message=f"{pet_name}'s chest ({chest_cm:g} cm) is past size {design_size} (up to {high:g} cm): "
            f"try {next_size}.",
        )
    points = sorted(weights)[-3:]
    if len(points) >= 2 and design_size != "XL":
        (d0, w0), (d1, w1) = points[0], points[-1]
        days = (d1 - d0).days
        if days > 0 and w1 > w0:
            per_day = (w1 - w0) / days
            max_g = options()["sizes"][design_size]["weight_kg"][1] * 1000
            horizon = (today - d1).days + GROWTH_HORIZON_DAYS
            projected = w1 + per_day * horizon
            if projected > max_g:
                return GrowthAlert(
                    current_size=design_size,
                    next_size=next_size,
                    message=f"{pet_name} is growing fast ({per_day * 7 / 1000:.1f} kg a week) and will likely "
                    f"outgrow size {design_size} within {GROWTH_HORIZON_DAYS} days: consider {next_size}.",
                )
    return None
