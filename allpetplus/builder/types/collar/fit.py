"""The collar's size from the pet's neck girth (estimated from the chest girth when only that is known)."""

from __future__ import annotations

from allpetplus.builder.design import SIZES, Fit
from allpetplus.builder.types.collar.schema import options


def fit(*, neck_cm: float | None = None, chest_cm: float | None = None, pet_name: str = "your pet", **_: object) -> Fit:
    """A size whose neck range holds the neck girth, and why."""
    estimated = False
    if not neck_cm and chest_cm:
        neck_cm, estimated = chest_cm * options()["neck_from_chest"], True
    if not neck_cm:
        return Fit(size="M", reason=f"Measure {pet_name}'s neck for the right size; M fits most medium dogs.")
    ranges = {size: options()["sizes"][size]["neck_cm"] for size in SIZES}
    size = next((s for s, (low, high) in ranges.items() if low <= neck_cm < high), None)
    size = size or ("XS" if neck_cm < ranges["XS"][0] else "XL")
    low, high = ranges[size]
    whose = pet_name[:1].upper() + pet_name[1:]
    neck = f"about {neck_cm:.0f} cm (estimated from the chest)" if estimated else f"{neck_cm:g} cm"
    return Fit(size=size, reason=f"{whose}'s neck is {neck}: size {size} fits {low}–{high} cm necks.")
