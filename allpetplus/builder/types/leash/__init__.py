"""The leash: 1.2, 1.8 or 3 m or a 10 m training line, width, handle (plain, padded, traffic), clip, the
palette's colours and optional personalised text; fitted from the dog's size and what it is for."""

from __future__ import annotations

from allpetplus.builder.design import ProductType
from allpetplus.builder.types.leash import schema
from allpetplus.builder.types.leash.fit import fit
from allpetplus.builder.types.leash.model import parts
from allpetplus.builder.types.leash.price import price, title

TYPE = ProductType(
    slug="leash",
    name="Leash",
    config=schema.LeashConfig,
    colour_fields=schema.COLOUR_FIELDS,
    choices=schema.CHOICES,
    field_errors=schema.field_errors,
    rules=schema.RULES,
    price=price,
    title=title,
    max_text=schema.max_text,
    fit=fit,
    parts=parts,
    describe=schema.describe,
    matches=schema.MATCHES,
    labels=schema.LABELS,
)
