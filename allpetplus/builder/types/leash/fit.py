"""The leash for a dog: its width from the dog's size, its length and handle from what it is for."""

from __future__ import annotations

from allpetplus.builder import fit as harness_fit
from allpetplus.builder.design import Fit
from allpetplus.builder.types.leash.schema import TRAINING_LINE, options

USES = {"city": "city walks", "everyday": "everyday walks", "training": "recall training"}


def fit(*, chest_cm: float | None = None, weight_kg: float | None = None, use: str = "everyday", **_: object) -> Fit:
    """Width by the dog's size (from the chest girth or weight); 1.2 m with a traffic handle in town, 1.8 m for
    everyday walks, the 10 m line for recall training."""
    size = harness_fit.recommend_size(chest_cm=chest_cm, weight_kg=weight_kg).size
    width = options()["width_for_size"][size]
    use = use if use in USES else "everyday"
    if use == "training":
        chosen = {"length": TRAINING_LINE, "width_mm": min(width, 20), "handle": "padded"}
    elif use == "city":
        chosen = {"length": "1.2", "width_mm": width, "handle": "traffic"}
    else:
        chosen = {"length": "1.8", "width_mm": width, "handle": "padded"}
    length = options()["lengths"][chosen["length"]]["name"]
    reason = f"For {USES[use]} with a size {size} dog: {length}, {chosen['width_mm']} mm wide."
    return Fit(size=size, reason=reason, options=chosen)
