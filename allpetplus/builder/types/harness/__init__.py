"""The dog harness: step-in, overhead or padded vest, sized from the chest girth.

Its schema and rules are ``allpetplus.builder.config``, its price ``allpetplus.builder.pricing``, its fit
``allpetplus.builder.fit`` and its 3D model ``allpetplus.builder.preview``: the first type, written before the
registry, and kept where the rest of the builder finds it.
"""

from __future__ import annotations

from allpetplus.builder import config, fit, preview
from allpetplus.builder.description import describe_design
from allpetplus.builder.design import Fit, ProductType
from allpetplus.builder.pricing import harness_price


def _fit(
    *, chest_cm: float | None = None, weight_kg: float | None = None, breed_name: str = "",
    breed_chest_cm: tuple[float, float] | None = None, pet_name: str = "your pet", **_: object,
) -> Fit:  # fmt: skip
    recommendation = fit.recommend_size(chest_cm=chest_cm, weight_kg=weight_kg, breed_name=breed_name,
                                        breed_chest_cm=breed_chest_cm, pet_name=pet_name)  # fmt: skip
    return Fit(size=recommendation.size, reason=recommendation.reason)


def _title(c: config.HarnessConfig) -> str:
    return f"{config.options()['styles'][c.style]['name']} harness, size {c.size}"


TYPE = ProductType(
    slug="harness",
    name="Harness",
    config=config.HarnessConfig,
    colour_fields=config.COLOUR_FIELDS,
    choices=config.CHECKED_OPTIONS,
    field_errors=config.field_errors,
    rules=config.RULES,
    price=harness_price,
    title=_title,
    max_text=config.max_text,
    fit=_fit,
    parts=preview.harness_parts,
    describe=describe_design,
    growth_alert=fit.growth_alert,
)
